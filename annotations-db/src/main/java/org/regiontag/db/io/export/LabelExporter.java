package org.regiontag.db.io.export;

import java.io.IOException;
import java.nio.file.Path;
import org.regiontag.db.Database;
import org.regiontag.db.UserInputException;

/**
 * Exports a project's working labels (not its ground truth) to a file or, for VOC lists, a folder.
 * All of an export reads one snapshot of the project, so edits made meanwhile are either wholly in
 * it or not at all, and every file appears complete or not at all.
 */
public final class LabelExporter {

    private final Database database;
    private final String projectName;

    public LabelExporter(Database database, String projectName) {
        this.database = database;
        this.projectName = projectName;
    }

    /**
     * Writes the export.
     *
     * @param target the file to write, or for {@link ExportFormat#VOC} the folder to write
     *     {@code ImageSets/Main} into; missing parent folders are created
     * @throws UserInputException when the target cannot be written, or the labels cannot be
     *     represented in the format (such as two images with one VOC id)
     */
    public ExportSummary export(ExportFormat format, Path target, ExportOptions options) {
        Path out = target.toAbsolutePath().normalize();
        return database.read(connection -> {
            ExportSource source = ExportSource.load(connection);
            try {
                return switch (format) {
                    case CSV -> new CsvExport(source, options).writeWide(out);
                    case CSV_LONG -> new CsvExport(source, options).writeLong(out);
                    case VOC -> new VocListExport(source, options).write(out);
                    case COCO -> new CocoExport(source, options, projectName).write(out);
                };
            } catch (IOException e) {
                throw new UserInputException(Messages.format("export.cannotWrite", out, e.getMessage()), e);
            }
        });
    }
}
