package org.regiontag.db.io.yolo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.DatasetReader;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.CellMapBuilder;
import org.regiontag.db.io.formats.TextFiles;

/**
 * Reads a YOLO classification dataset: {@code root/<class>/*.jpg}, or
 * {@code root/<split>/<class>/*.jpg} when every folder of the root is a split folder
 * ({@code train}, {@code val}, {@code valid}, {@code validation}, {@code test}).
 *
 * <p>Each image is positive for its folder's class and unknown for the others, because a
 * single-label folder tells nothing about the other classes in the picture. Classes are the folder
 * names sorted, as YOLO numbers them. Images in sub-folders of a class folder belong to that class; image files
 * outside class folders are skipped and counted in the notes. The root is {@code --images} when
 * given, else the source folder.
 */
public final class YoloClassificationReader implements DatasetReader {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.yolo.messages",
            YoloClassificationReader.class);
    private static final Map<String, Split> SPLIT_FOLDERS = Map.of("train", Split.TRAIN, "val", Split.VAL, "valid",
            Split.VAL, "validation", Split.VAL, "test", Split.TEST);

    @Override
    public ParsedDataset read(Path source, Path imagesDir, Split split) {
        Path root = imagesDir != null ? imagesDir : source;
        if (!Files.isDirectory(root)) {
            throw new UserInputException(MESSAGES.format("classes.notFolder", root));
        }
        root = root.toAbsolutePath().normalize();

        // The class folders of each split, and those of a root without split folders.
        List<Path> topFolders = TextFiles.listFolders(root);
        Map<Split, List<Path>> classFoldersBySplit = new EnumMap<>(Split.class);
        List<Path> unsplit = new ArrayList<>();
        boolean splitLayout = !topFolders.isEmpty() && topFolders.stream().allMatch(YoloClassificationReader::isSplitFolder);
        if (splitLayout) {
            for (Path folder : topFolders) {
                Split folderSplit = SPLIT_FOLDERS.get(folder.getFileName().toString().toLowerCase(Locale.ROOT));
                classFoldersBySplit.computeIfAbsent(folderSplit, key -> new ArrayList<>())
                        .addAll(TextFiles.listFolders(folder));
            }
            if (split != null) {
                if (!classFoldersBySplit.containsKey(split)) {
                    throw new UserInputException(MESSAGES.format("split.noFolder", root, split.storeName()));
                }
                classFoldersBySplit.keySet().retainAll(Set.of(split));
            }
        } else {
            unsplit.addAll(topFolders);
        }

        Set<String> classNames = new TreeSet<>();
        classFoldersBySplit.values().forEach(folders -> folders.forEach(f -> classNames.add(f.getFileName().toString())));
        unsplit.forEach(folder -> classNames.add(folder.getFileName().toString()));
        if (classNames.isEmpty()) {
            throw new UserInputException(MESSAGES.format("classes.none", root));
        }
        List<String> names = new ArrayList<>(classNames);

        // Images by path, each with its class index and split.
        Map<String, int[]> classByPath = new TreeMap<>();
        Map<String, Split> splitByPath = new TreeMap<>();
        for (Map.Entry<Split, List<Path>> entry : classFoldersBySplit.entrySet()) {
            addImages(root, entry.getValue(), entry.getKey(), names, classByPath, splitByPath);
        }
        addImages(root, unsplit, split, names, classByPath, splitByPath);

        List<DatasetCategory> categories = new ArrayList<>(names.size());
        for (String name : names) {
            categories.add(new DatasetCategory(name, null));
        }
        CellMapBuilder cells = new CellMapBuilder(names.size());
        List<DatasetImage> images = new ArrayList<>(classByPath.size());
        for (Map.Entry<String, int[]> entry : classByPath.entrySet()) {
            cells.set(entry.getValue()[0], CellState.POSITIVE);
            images.add(new DatasetImage(entry.getKey(), splitByPath.get(entry.getKey()), cells.finishRow(), 0, 0));
        }

        List<String> notes = new ArrayList<>();
        notes.add(MESSAGES.format("note.classFolders", images.size(), names.size(), root));
        notes.add(MESSAGES.format("note.singleLabel"));
        long outside = countImagesOutsideClassFolders(root, splitLayout ? topFolders : List.of());
        if (outside > 0) {
            notes.add(MESSAGES.format("note.outsideClassFolders", outside));
        }
        return new ParsedDataset("yolo", source, root, categories, images, notes);
    }

    private static boolean isSplitFolder(Path folder) {
        return SPLIT_FOLDERS.containsKey(folder.getFileName().toString().toLowerCase(Locale.ROOT));
    }

    private static void addImages(Path root, List<Path> classFolders, Split split, List<String> names,
            Map<String, int[]> classByPath, Map<String, Split> splitByPath) {
        for (Path classFolder : classFolders) {
            int[] classIndex = {names.indexOf(classFolder.getFileName().toString())};
            for (Path image : ImageFiles.walk(classFolder, ImageFiles::isImage)) {
                String path = ImageFiles.relativePath(root, image);
                classByPath.put(path, classIndex);
                splitByPath.put(path, split);
            }
        }
    }

    /** Counts the image files directly in the root or in its split folders, which have no class. */
    private static long countImagesOutsideClassFolders(Path root, List<Path> splitFolders) {
        long count = TextFiles.listFiles(root).stream().filter(ImageFiles::isImage).count();
        for (Path folder : splitFolders) {
            count += TextFiles.listFiles(folder).stream().filter(ImageFiles::isImage).count();
        }
        return count;
    }
}
