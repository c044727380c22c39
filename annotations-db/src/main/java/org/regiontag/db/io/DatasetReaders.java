package org.regiontag.db.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.csv.CsvLongReader;
import org.regiontag.db.io.csv.CsvWideReader;

/** The dataset readers by format name, as the command line's {@code --format} names them. */
public final class DatasetReaders {

    /** Every format the command line accepts, in the order its messages list them. */
    public static final List<String> FORMATS = List.of("voc", "coco", "csv", "csv-long", "yolo");

    // TODO: register the VOC, COCO and YOLO readers here once they are merged; until then those
    // formats are accepted by name but fail with "no reader in this build".
    private static final Map<String, Supplier<DatasetReader>> READERS = new LinkedHashMap<>(Map.of(
            "csv", CsvWideReader::new,
            "csv-long", CsvLongReader::new));

    private DatasetReaders() {
    }

    /**
     * Creates the reader of a format.
     *
     * @throws UserInputException when the format is not one of {@link #FORMATS}
     * @throws IllegalStateException when the format is known but this build has no reader for it
     */
    public static DatasetReader forFormat(String format) {
        if (!FORMATS.contains(format)) {
            throw new UserInputException(Messages.format("format.unknown", format, String.join(", ", FORMATS)));
        }
        Supplier<DatasetReader> reader = READERS.get(format);
        if (reader == null) {
            throw new IllegalStateException("format '" + format + "' has no reader in this build");
        }
        return reader.get();
    }
}
