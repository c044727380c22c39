package org.regiontag.db.io.formats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.DatasetReader;
import org.regiontag.db.io.coco.CocoReader;
import org.regiontag.db.io.csv.CsvLongReader;
import org.regiontag.db.io.csv.CsvWideReader;
import org.regiontag.db.io.voc.VocReader;
import org.regiontag.db.io.yolo.YoloReader;

/** The dataset readers by the format names of the command line ({@code --format voc}). */
public final class DatasetReaders {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.formats.messages",
            DatasetReaders.class);

    private static final Map<String, Supplier<DatasetReader>> READERS = new LinkedHashMap<>();

    static {
        READERS.put("voc", VocReader::new);
        READERS.put("coco", CocoReader::new);
        READERS.put("csv", CsvWideReader::new);
        READERS.put("csv-long", CsvLongReader::new);
        READERS.put("yolo", YoloReader::new);
    }

    private DatasetReaders() {
    }

    /** Returns the format names, in the order of the command-line help. */
    public static List<String> formats() {
        return List.copyOf(READERS.keySet());
    }

    /**
     * Returns a new reader for a format name (any case), with the reader's default options.
     *
     * @throws UserInputException naming the known formats when {@code format} is not one of them
     */
    public static DatasetReader forFormat(String format) {
        Supplier<DatasetReader> reader = READERS.get(format == null ? "" : format.toLowerCase(Locale.ROOT));
        if (reader == null) {
            throw new UserInputException(MESSAGES.format("format.unknown", format, String.join(", ", READERS.keySet())));
        }
        return reader.get();
    }
}
