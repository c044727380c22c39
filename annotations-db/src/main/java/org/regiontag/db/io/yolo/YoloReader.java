package org.regiontag.db.io.yolo;

import java.nio.file.Files;
import java.nio.file.Path;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.DatasetReader;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;

/**
 * Reads either kind of YOLO dataset, chosen by what the source is: a names file or data YAML, or a
 * folder that contains one, is a detection dataset ({@link YoloDetectionReader}); a folder without
 * one and without a {@code labels} folder is a folder of class folders ({@link YoloClassificationReader}).
 */
public final class YoloReader implements DatasetReader {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.yolo.messages", YoloReader.class);

    @Override
    public ParsedDataset read(Path source, Path imagesDir, Split split) {
        if (Files.isRegularFile(source)) {
            return new YoloDetectionReader().read(source, imagesDir, split);
        }
        if (!Files.isDirectory(source)) {
            throw new UserInputException(MESSAGES.format("source.notFound", source));
        }
        if (YoloNames.find(source) != null) {
            return new YoloDetectionReader().read(source, imagesDir, split);
        }
        if (Files.isDirectory(source.resolve("labels"))) {
            throw new UserInputException(MESSAGES.format("names.notFound", source, String.join(", ", YoloNames.NAMES_FILES)));
        }
        return new YoloClassificationReader().read(source, imagesDir, split);
    }
}
