package org.regiontag.db.io.voc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.TextFiles;

/**
 * The split lists {@code ImageSets/Main/{train,val,test,trainval}.txt} of a VOC year folder.
 *
 * <p>{@code trainval.txt} is the union of train and val, so it is used only where {@code train.txt}
 * is absent: its images are then train, except those that {@code val.txt} lists (VOC2007 practice
 * without a val list: train on trainval, evaluate on test). An image in more than one list keeps the first split in the
 * order test, val, train, so that no test image is trained on.
 */
final class VocSplitLists {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.voc.messages", VocSplitLists.class);

    private final Path mainFolder;
    private final Map<String, Path> lists = new LinkedHashMap<>();

    private VocSplitLists(Path mainFolder) {
        this.mainFolder = mainFolder;
        if (mainFolder == null) {
            return;
        }
        for (String name : List.of("train", "val", "test", "trainval")) {
            Path list = VocFolders.child(mainFolder, name + ".txt");
            if (list != null && Files.isRegularFile(list)) {
                lists.put(name, list);
            }
        }
    }

    /** Finds the split lists of a year folder, which may be none. */
    static VocSplitLists in(Path yearFolder) {
        return new VocSplitLists(VocFolders.mainFolder(yearFolder));
    }

    boolean isEmpty() {
        return lists.isEmpty();
    }

    /**
     * Assigns every image of the lists its split.
     *
     * @param notes receives a line for trainval used as train and for images in several lists
     * @return the split of each listed image id, in list order
     */
    Map<String, Split> assignAll(List<String> notes) {
        Map<Split, String> listOfSplit = new EnumMap<>(Split.class);
        if (lists.containsKey("test")) {
            listOfSplit.put(Split.TEST, "test");
        }
        if (lists.containsKey("val")) {
            listOfSplit.put(Split.VAL, "val");
        }
        if (lists.containsKey("train")) {
            listOfSplit.put(Split.TRAIN, "train");
        } else if (lists.containsKey("trainval")) {
            // Read after val.txt, so the images of trainval.txt that val.txt lists stay val.
            listOfSplit.put(Split.TRAIN, "trainval");
            notes.add(MESSAGES.format(lists.containsKey("val") ? "note.trainvalMinusValAsTrain" : "note.trainvalAsTrain",
                    lists.get("trainval")));
        }

        Map<String, Split> splitById = new LinkedHashMap<>();
        Map<String, String> listById = new LinkedHashMap<>();
        int clashes = 0;
        String firstClash = null;
        for (Split split : List.of(Split.TEST, Split.VAL, Split.TRAIN)) {
            String listName = listOfSplit.get(split);
            if (listName == null) {
                continue;
            }
            for (String id : readIds(lists.get(listName))) {
                String earlierList = listById.putIfAbsent(id, listName);
                if (earlierList == null) {
                    splitById.put(id, split);
                } else if (!earlierList.equals(listName) && !(earlierList.equals("val") && listName.equals("trainval"))) {
                    clashes++;
                    if (firstClash == null) {
                        firstClash = MESSAGES.format("note.splitClashExample", id, earlierList, listName);
                    }
                }
            }
        }
        if (clashes > 0) {
            notes.add(MESSAGES.format("note.splitClash", clashes, firstClash));
        }
        return splitById;
    }

    /**
     * Reads the image ids of one split's list.
     *
     * @param notes receives a line when trainval is used for train
     * @return the ids in list order, or {@code null} when the folder has no split lists at all
     * @throws UserInputException when other lists exist but none for this split
     */
    List<String> select(Split split, List<String> notes) {
        if (lists.isEmpty()) {
            return null;
        }
        Path list = lists.get(split.storeName());
        if (list == null && split == Split.TRAIN && lists.containsKey("trainval")) {
            list = lists.get("trainval");
            notes.add(MESSAGES.format("note.trainvalAsTrain", list));
        }
        if (list == null) {
            throw new UserInputException(MESSAGES.format("split.listMissing", mainFolder, split.storeName(),
                    String.join(", ", lists.keySet())));
        }
        return readIds(list);
    }

    /** Reads the first word of each non-empty line, because VOC lists have one image id per line. */
    static List<String> readIds(Path list) {
        List<String> ids = new ArrayList<>();
        for (String line : TextFiles.readLines(list)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                ids.add(trimmed.split("\\s+", 2)[0]);
            }
        }
        return ids;
    }
}
