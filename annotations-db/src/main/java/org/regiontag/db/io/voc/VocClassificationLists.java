package org.regiontag.db.io.voc;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.CellMapBuilder;
import org.regiontag.db.io.formats.TextFiles;

/**
 * Reads VOC's classification lists {@code ImageSets/Main/<class>_<split>.txt}: one line per image,
 * {@code <image id> <value>} with 1 (present), -1 (absent) or 0 (difficult: only difficult
 * objects). An image missing from a class's list is unknown for that class.
 *
 * <p>Splits follow {@link VocSplitLists}: {@code _trainval} lists are read only for classes without
 * a {@code _train} list, and an image listed in several splits keeps the first in the order test,
 * val, train.
 */
final class VocClassificationLists {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.voc.messages",
            VocClassificationLists.class);
    private static final Pattern LIST_NAME = Pattern.compile("(.+)_(train|val|test|trainval)\\.txt",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LINE = Pattern.compile("\\s*(\\S+)\\s+(-?\\d+)\\s*");
    private static final byte UNKNOWN = 0;
    private static final byte POSITIVE = 1;
    private static final byte NEGATIVE = 2;
    private static final byte DIFFICULT = 3;
    /** Extensions tried, in this order, for an image id without a {@code .jpg} file. */
    private static final List<String> OTHER_EXTENSIONS = List.of(".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff",
            ".webp", ".JPG", ".JPEG", ".PNG");

    private final boolean difficultAsPositive;

    VocClassificationLists(boolean difficultAsPositive) {
        this.difficultAsPositive = difficultAsPositive;
    }

    /** Returns whether a {@code Main} folder contains at least one {@code <class>_<split>.txt} list. */
    static boolean hasLists(Path mainFolder) {
        return TextFiles.listFiles(mainFolder).stream()
                .anyMatch(file -> LIST_NAME.matcher(file.getFileName().toString()).matches());
    }

    ParsedDataset read(Path source, Path mainFolder, Path imageRoot, Split split) {
        List<String> notes = new ArrayList<>();
        notes.add(MESSAGES.format("note.classLists", mainFolder));

        // The lists by split and then by class name (the same class in any case is one class).
        Map<String, Map<String, Path>> listsBySplit = new HashMap<>();
        for (Path file : TextFiles.listFiles(mainFolder)) {
            Matcher matcher = LIST_NAME.matcher(file.getFileName().toString());
            if (matcher.matches()) {
                listsBySplit.computeIfAbsent(matcher.group(2).toLowerCase(Locale.ROOT), key -> new TreeMap<>())
                        .put(matcher.group(1), file);
            }
        }
        if (listsBySplit.isEmpty()) {
            throw new UserInputException(MESSAGES.format("source.noAnnotations", source));
        }

        Map<Split, Map<String, Path>> used = chooseLists(listsBySplit, split, mainFolder, notes);
        Set<String> classNames = new LinkedHashSet<>();
        for (Map<String, Path> byClass : used.values()) {
            classNames.addAll(byClass.keySet());
        }
        VocCategories categories = VocCategories.ofListedClasses(classNames);

        // Test first, so that an image listed in several splits stays out of training.
        Map<String, byte[]> statesById = new TreeMap<>();
        Map<String, Split> splitById = new HashMap<>();
        Set<String> splitClashes = new HashSet<>();
        for (Split listSplit : List.of(Split.TEST, Split.VAL, Split.TRAIN)) {
            Map<String, Path> byClass = used.get(listSplit);
            if (byClass == null) {
                continue;
            }
            for (Map.Entry<String, Path> list : byClass.entrySet()) {
                int category = categories.indexOf(list.getKey());
                readList(list.getValue(), category, listSplit, categories.size(), statesById, splitById, splitClashes);
            }
        }
        if (!splitClashes.isEmpty()) {
            notes.add(MESSAGES.format("note.listSplitClash", splitClashes.size()));
        }

        List<DatasetImage> images = buildImages(statesById, splitById, categories.size(), imageRoot, notes);
        return new ParsedDataset("voc", source, imageRoot, VocReader.datasetCategories(categories), images, notes);
    }

    /** Chooses the lists to read for each split, as the class comment says. */
    private static Map<Split, Map<String, Path>> chooseLists(Map<String, Map<String, Path>> listsBySplit, Split split,
            Path mainFolder, List<String> notes) {
        Map<String, Path> trainval = listsBySplit.getOrDefault("trainval", Map.of());
        Map<String, Path> train = new TreeMap<>(listsBySplit.getOrDefault("train", Map.of()));
        int trainvalUsed = 0;
        for (Map.Entry<String, Path> list : trainval.entrySet()) {
            if (train.putIfAbsent(list.getKey(), list.getValue()) == null) {
                trainvalUsed++;
            }
        }
        if (trainvalUsed > 0) {
            notes.add(MESSAGES.format("note.classTrainvalAsTrain", trainvalUsed));
        }

        Map<Split, Map<String, Path>> bySplit = new EnumMap<>(Split.class);
        if (!train.isEmpty()) {
            bySplit.put(Split.TRAIN, train);
        }
        if (listsBySplit.containsKey("val")) {
            bySplit.put(Split.VAL, listsBySplit.get("val"));
        }
        if (listsBySplit.containsKey("test")) {
            bySplit.put(Split.TEST, listsBySplit.get("test"));
        }
        if (split == null) {
            return bySplit;
        }
        if (!bySplit.containsKey(split)) {
            List<String> found = new ArrayList<>();
            for (Split available : bySplit.keySet()) {
                found.add(available.storeName());
            }
            throw new UserInputException(MESSAGES.format("split.classListMissing", mainFolder, split.storeName(),
                    String.join(", ", found)));
        }
        return Map.of(split, bySplit.get(split));
    }

    /**
     * Reads one class list into {@code statesById} and {@code splitById}.
     *
     * @param splitClashes receives the ids that this list puts in another split than an earlier list did
     */
    private static void readList(Path list, int category, Split split, int categoryCount, Map<String, byte[]> statesById,
            Map<String, Split> splitById, Set<String> splitClashes) {
        List<String> lines = TextFiles.readLines(list);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw new UserInputException(MESSAGES.format("classList.badLine", list + ":" + (i + 1), line.strip()));
            }
            byte state = switch (matcher.group(2)) {
                case "1" -> POSITIVE;
                case "-1" -> NEGATIVE;
                case "0", "-0" -> DIFFICULT;
                default -> throw new UserInputException(
                        MESSAGES.format("classList.badValue", list + ":" + (i + 1), matcher.group(2)));
            };

            String id = matcher.group(1);
            byte[] states = statesById.computeIfAbsent(id, key -> new byte[categoryCount]);
            if (states[category] != UNKNOWN && states[category] != state) {
                throw new UserInputException(MESSAGES.format("classList.conflict", list + ":" + (i + 1), id));
            }
            states[category] = state;
            Split earlier = splitById.putIfAbsent(id, split);
            if (earlier != null && earlier != split) {
                splitClashes.add(id);
            }
        }
    }

    /**
     * Returns {@code <id>.jpg}, as VOC names its images, unless only a file with the id and another
     * image extension exists, such as the lists that RegionTag exports from a project of PNG images.
     */
    private static String imagePath(Path imageRoot, String id) {
        String jpg = id + ".jpg";
        try {
            if (Files.exists(imageRoot.resolve(jpg))) {
                return jpg;
            }
            for (String extension : OTHER_EXTENSIONS) {
                if (Files.exists(imageRoot.resolve(id + extension))) {
                    return id + extension;
                }
            }
        } catch (InvalidPathException e) {
            // The writer rejects such a path and lists it in the summary.
        }
        return jpg;
    }

    private List<DatasetImage> buildImages(Map<String, byte[]> statesById, Map<String, Split> splitById,
            int categoryCount, Path imageRoot, List<String> notes) {
        CellMapBuilder cells = new CellMapBuilder(categoryCount);
        int difficultCells = 0;
        int otherExtensions = 0;
        List<DatasetImage> images = new ArrayList<>(statesById.size());
        for (Map.Entry<String, byte[]> entry : statesById.entrySet()) {
            byte[] states = entry.getValue();
            for (int category = 0; category < categoryCount; category++) {
                if (states[category] == POSITIVE) {
                    cells.set(category, CellState.POSITIVE);
                } else if (states[category] == NEGATIVE) {
                    cells.set(category, CellState.NEGATIVE);
                } else if (states[category] == DIFFICULT) {
                    difficultCells++;
                    if (difficultAsPositive) {
                        cells.set(category, CellState.POSITIVE);
                    }
                }
            }
            String id = entry.getKey();
            String path = imagePath(imageRoot, id);
            if (!path.endsWith(".jpg")) {
                otherExtensions++;
            }
            images.add(new DatasetImage(path, splitById.get(id), cells.finishRow(), 0, 0));
        }
        if (otherExtensions > 0) {
            notes.add(MESSAGES.format("note.otherExtensions", otherExtensions));
        }
        if (difficultCells > 0) {
            notes.add(MESSAGES.format(difficultAsPositive ? "note.listZeroPositive" : "note.listZeroUnknown",
                    difficultCells));
        }
        return images;
    }
}
