package org.regiontag.db.io.yolo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.DatasetReader;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.CellMapBuilder;
import org.regiontag.db.io.formats.SplitNames;
import org.regiontag.db.io.formats.TextFiles;

/**
 * Reads a YOLO detection dataset: a names file, image files, and one label file per image.
 *
 * <p>The source is the names file or data YAML (see {@link YoloNames}), or the dataset folder that
 * contains it. Images come from {@code --images} when given, else from the YAML's {@code train},
 * {@code val} and {@code test} entries, else from the {@code images} folder beside the names file
 * (or that folder itself when it has no {@code images} folder). The label file of
 * {@code .../images/a/b.jpg} is {@code .../labels/a/b.txt} (the last {@code images} folder of the
 * path becomes {@code labels}); an image path without an {@code images} folder has its label file
 * beside it, as in Darknet.
 *
 * <p>A class is positive for an image with a box of it. YOLO label files list every object of the
 * dataset's classes, so the other classes are negative, and an empty label file means "no
 * objects": every class negative. An image without a label file has not been labelled: all-unknown.
 * The split of a walked image is its first folder below the images folder ({@code train2017} is
 * train); the split of a YAML entry is its key.
 */
public final class YoloDetectionReader implements DatasetReader {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.yolo.messages",
            YoloDetectionReader.class);

    @Override
    public ParsedDataset read(Path source, Path imagesDir, Split split) {
        Path namesFile = source;
        if (Files.isDirectory(source)) {
            namesFile = YoloNames.find(source);
            if (namesFile == null) {
                throw new UserInputException(MESSAGES.format("names.notFound", source,
                        String.join(", ", YoloNames.NAMES_FILES)));
            }
        } else if (!Files.isRegularFile(source)) {
            throw new UserInputException(MESSAGES.format("source.notFound", source));
        }
        YoloDataConfig config = YoloNames.read(namesFile);
        List<String> notes = new ArrayList<>(config.notes());

        Path imageRoot;
        Map<Path, Split> splitByImage;
        if (imagesDir != null) {
            if (!Files.isDirectory(imagesDir)) {
                throw new UserInputException(MESSAGES.format("images.notFolder", imagesDir));
            }
            imageRoot = imagesDir.toAbsolutePath().normalize();
            splitByImage = walkImages(imageRoot, split);
        } else if (!config.splitEntries().isEmpty()) {
            imageRoot = config.root();
            splitByImage = YoloSplitEntries.images(config, split, notes);
        } else {
            Path images = config.root().resolve("images");
            imageRoot = Files.isDirectory(images) ? images : config.root();
            splitByImage = walkImages(imageRoot, split);
        }
        if (splitByImage.isEmpty()) {
            throw new UserInputException(MESSAGES.format("images.none", imageRoot));
        }

        List<DatasetCategory> categories = new ArrayList<>(config.names().size());
        for (int i = 0; i < config.names().size(); i++) {
            categories.add(new DatasetCategory(config.names().get(i), Integer.toString(i)));
        }
        List<DatasetImage> images = readLabels(config, imageRoot, splitByImage, notes);

        notes.add(0, MESSAGES.format("note.read", images.size(), imageRoot, config.names().size(), config.file()));
        notes.add(1, MESSAGES.format("note.exhaustive"));
        return new ParsedDataset("yolo", source, imageRoot, categories, images, notes);
    }

    /**
     * Lists the images below a folder with the split of their first folder. With {@code split}
     * given, it lists only that split's images, or every image when no folder names a split.
     */
    private static Map<Path, Split> walkImages(Path imageRoot, Split split) {
        Map<Path, Split> splitByImage = new TreeMap<>();
        boolean anySplitFolder = false;
        for (Path image : ImageFiles.walk(imageRoot, ImageFiles::isImage)) {
            Path relative = imageRoot.relativize(image);
            Split folderSplit = relative.getNameCount() > 1 ? SplitNames.fromName(relative.getName(0).toString()) : null;
            anySplitFolder |= folderSplit != null;
            splitByImage.put(image, folderSplit);
        }
        if (split == null) {
            return splitByImage;
        }
        if (!anySplitFolder) {
            splitByImage.replaceAll((image, none) -> split);
            return splitByImage;
        }
        splitByImage.values().removeIf(imageSplit -> imageSplit != split);
        if (splitByImage.isEmpty()) {
            throw new UserInputException(MESSAGES.format("split.noFolder", imageRoot, split.storeName()));
        }
        return splitByImage;
    }

    private static List<DatasetImage> readLabels(YoloDataConfig config, Path imageRoot, Map<Path, Split> splitByImage,
            List<String> notes) {
        Set<Path> labelFiles = labelFilesBeside(splitByImage.keySet(), config.file());
        Set<Path> usedLabelFiles = new HashSet<>();
        int classCount = config.names().size();
        boolean[] present = new boolean[classCount];
        CellMapBuilder cells = new CellMapBuilder(classCount);
        int unlabelled = 0;
        int empty = 0;
        long boxes = 0;

        List<DatasetImage> images = new ArrayList<>(splitByImage.size());
        for (Map.Entry<Path, Split> entry : splitByImage.entrySet()) {
            Path image = entry.getKey();
            Path labelFile = labelFileOf(image);
            if (labelFiles.contains(labelFile)) {
                usedLabelFiles.add(labelFile);
                Arrays.fill(present, false);
                int imageBoxes = YoloLabelFile.read(labelFile, present, config.file());
                boxes += imageBoxes;
                if (imageBoxes == 0) {
                    empty++;
                }
                for (int category = 0; category < classCount; category++) {
                    cells.set(category, present[category] ? CellState.POSITIVE : CellState.NEGATIVE);
                }
            } else {
                unlabelled++;
            }
            images.add(new DatasetImage(ImageFiles.relativePath(imageRoot, image), entry.getValue(), cells.finishRow(),
                    0, 0));
        }

        notes.add(MESSAGES.format("note.boxes", boxes, usedLabelFiles.size()));
        if (unlabelled > 0) {
            notes.add(MESSAGES.format("note.unlabelled", unlabelled));
        }
        if (empty > 0) {
            notes.add(MESSAGES.format("note.emptyLabels", empty));
        }
        List<Path> orphans = new ArrayList<>(labelFiles);
        orphans.removeAll(usedLabelFiles);
        if (!orphans.isEmpty()) {
            orphans.sort(null);
            notes.add(MESSAGES.format("note.orphans", orphans.size(), orphans.get(0)));
        }
        return images;
    }

    /**
     * Lists the {@code .txt} files in the label folders of the given images, except the names file.
     * Listing each folder once is faster than asking the file system about every image.
     */
    private static Set<Path> labelFilesBeside(Set<Path> images, Path namesFile) {
        Set<Path> folders = new LinkedHashSet<>();
        for (Path image : images) {
            folders.add(labelFolderOf(image.getParent()));
        }
        Path names = namesFile.toAbsolutePath().normalize();
        Set<Path> labelFiles = new HashSet<>();
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                for (Path file : TextFiles.listFiles(folder)) {
                    Path label = file.toAbsolutePath().normalize();
                    if (ImageFiles.isText(label) && !label.equals(names)) {
                        labelFiles.add(label);
                    }
                }
            }
        }
        return labelFiles;
    }

    /** Returns the label file of an image, as the class comment says. */
    static Path labelFileOf(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return labelFolderOf(image.toAbsolutePath().normalize().getParent()).resolve(stem + ".txt");
    }

    /** Returns the folder with its last folder named {@code images} replaced by {@code labels}, or itself when it has none. */
    static Path labelFolderOf(Path imageFolder) {
        int last = -1;
        for (int i = 0; i < imageFolder.getNameCount(); i++) {
            if (imageFolder.getName(i).toString().equals("images")) {
                last = i;
            }
        }
        if (last < 0) {
            return imageFolder;
        }
        Path folder = imageFolder.getRoot();
        for (int i = 0; i < imageFolder.getNameCount(); i++) {
            String part = i == last ? "labels" : imageFolder.getName(i).toString();
            folder = folder == null ? Path.of(part) : folder.resolve(part);
        }
        return folder;
    }
}
