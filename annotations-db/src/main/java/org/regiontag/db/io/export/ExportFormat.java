package org.regiontag.db.io.export;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.regiontag.db.UserInputException;

/** The formats labels can be exported to, by their command-line names. */
public enum ExportFormat {
    VOC("voc", "voc"),
    COCO("coco", "labels-coco.json"),
    CSV("csv", "labels.csv"),
    CSV_LONG("csv-long", "labels-long.csv");

    private final String cliName;
    private final String defaultTarget;

    ExportFormat(String cliName, String defaultTarget) {
        this.cliName = cliName;
        this.defaultTarget = defaultTarget;
    }

    /** Returns the name on the command line, such as {@code csv-long}. */
    public String cliName() {
        return cliName;
    }

    /** Returns the file (for VOC, folder) name written in the project's {@code exports/} folder by default. */
    public String defaultTarget() {
        return defaultTarget;
    }

    /**
     * Finds the format with this command-line name.
     *
     * @throws UserInputException naming the valid formats when there is none
     */
    public static ExportFormat fromCliName(String name) {
        for (ExportFormat format : values()) {
            if (format.cliName.equals(name)) {
                return format;
            }
        }
        String valid = Arrays.stream(values()).map(ExportFormat::cliName).collect(Collectors.joining(", "));
        throw new UserInputException(Messages.format("format.unknown", name, valid));
    }
}
