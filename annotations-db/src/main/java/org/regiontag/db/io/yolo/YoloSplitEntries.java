package org.regiontag.db.io.yolo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.TextFiles;

/**
 * Lists the images of a data YAML's {@code train}, {@code val} and {@code test} entries. An entry
 * is a folder of images (read at any depth) or a text file with one image path per line. Entries
 * are relative to the dataset root, and a relative line of a list is relative to the list's folder.
 * An entry that starts with {@code ../} and does not exist is looked up without that prefix.
 */
final class YoloSplitEntries {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.yolo.messages",
            YoloSplitEntries.class);

    private YoloSplitEntries() {
    }

    /**
     * Lists the images of the entries with their split, as absolute normalised paths sorted by path. An
     * image under several splits keeps the first in the order test, val, train, so that no test
     * image is trained on.
     *
     * @param split when given, only that split's entries are read
     * @param notes receives a line for images under several splits
     */
    static Map<Path, Split> images(YoloDataConfig config, Split split, List<String> notes) {
        Map<Split, List<String>> entries = config.splitEntries();
        if (split != null && !entries.containsKey(split)) {
            List<String> keys = new ArrayList<>();
            for (Split available : entries.keySet()) {
                keys.add(available.storeName());
            }
            throw new UserInputException(MESSAGES.format("split.noEntry", config.file(), split.storeName(),
                    String.join(", ", keys)));
        }

        Map<Path, Split> splitByImage = new TreeMap<>();
        int repeated = 0;
        for (Split entrySplit : List.of(Split.TEST, Split.VAL, Split.TRAIN)) {
            if (!entries.containsKey(entrySplit) || (split != null && split != entrySplit)) {
                continue;
            }
            for (String entry : entries.get(entrySplit)) {
                for (Path image : entryImages(config, entrySplit, entry)) {
                    Split earlier = splitByImage.putIfAbsent(image, entrySplit);
                    if (earlier != null && earlier != entrySplit) {
                        repeated++;
                    }
                }
            }
        }
        if (repeated > 0) {
            notes.add(MESSAGES.format("note.repeatedAcrossSplits", repeated));
        }
        return splitByImage;
    }

    private static List<Path> entryImages(YoloDataConfig config, Split split, String entry) {
        Path path = config.root().resolve(entry).toAbsolutePath().normalize();
        if (!Files.exists(path) && entry.startsWith("../")) {
            // Roboflow exports write train: ../train/images for a train folder inside the root, and
            // Ultralytics' check_det_dataset retries such an entry without ../ too.
            Path inside = config.root().resolve(entry.substring(3)).toAbsolutePath().normalize();
            if (Files.exists(inside)) {
                path = inside;
            }
        }
        if (Files.isDirectory(path)) {
            return ImageFiles.walk(path, ImageFiles::isImage);
        }
        if (!Files.isRegularFile(path)) {
            throw new UserInputException(MESSAGES.format("split.entryNotFound", config.file(), split.storeName(), path));
        }
        Path listFolder = path.getParent();
        List<Path> images = new ArrayList<>();
        for (String line : TextFiles.readLines(path)) {
            String image = line.strip();
            if (!image.isEmpty()) {
                images.add(listFolder.resolve(image).toAbsolutePath().normalize());
            }
        }
        return images;
    }
}
