package org.regiontag.db.io.voc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.regiontag.db.io.formats.TextFiles;
import org.regiontag.db.io.voc.VocAnnotation.VocObject;

/**
 * Reads a Pascal VOC dataset: the annotation XML files, or else the per-class classification lists.
 *
 * <p>The source is a VOC year folder (such as {@code VOCdevkit/VOC2012}), its {@code Annotations}
 * folder (or any folder of VOC XML files), or its {@code ImageSets/Main} folder to read the
 * classification lists {@code <class>_<split>.txt} even where XML files exist. Images default to
 * {@code JPEGImages} (else {@code images}) in the year folder.
 *
 * <p>From XML, a category with a non-difficult object is positive. A category with only difficult
 * objects is unknown by default, as in DualCoOp and VOC's own classification lists, or positive
 * when difficult objects count. An image with objects is negative for every other category of the
 * list that is exhaustive (see {@link VocCategories}); an XML without objects leaves its image
 * all-unknown. The image path is {@code <filename>} when its name without extension equals the
 * XML's, else the XML's name with the extension of {@code <filename>} ({@code .jpg} when absent),
 * because the split lists and {@code JPEGImages} name images by the XML's id.
 */
public final class VocReader implements DatasetReader {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.voc.messages", VocReader.class);

    private final boolean difficultAsPositive;

    /** Creates a reader that leaves categories with only difficult objects unknown. */
    public VocReader() {
        this(false);
    }

    /**
     * @param difficultAsPositive whether a category with only difficult objects (or a {@code 0} in a
     *     classification list) is positive; when false it is unknown
     */
    public VocReader(boolean difficultAsPositive) {
        this.difficultAsPositive = difficultAsPositive;
    }

    @Override
    public ParsedDataset read(Path source, Path imagesDir, Split split) {
        if (!Files.isDirectory(source)) {
            throw new UserInputException(MESSAGES.format("source.notFolder", source));
        }

        Path absolute = source.toAbsolutePath().normalize();
        String sourceName = absolute.getFileName() == null ? "" : absolute.getFileName().toString();
        Path sourceParent = absolute.getParent();
        if (sourceName.equalsIgnoreCase("Main") && sourceParent != null
                && sourceParent.getFileName().toString().equalsIgnoreCase("ImageSets")) {
            Path yearFolder = sourceParent.getParent();
            return new VocClassificationLists(difficultAsPositive)
                    .read(source, source, imageRoot(yearFolder, imagesDir), split);
        }

        Path annotations = VocFolders.childFolder(source, "Annotations");
        if (annotations != null && !xmlFiles(annotations).isEmpty()) {
            return readAnnotations(source, annotations, source, imageRoot(source, imagesDir), split);
        }
        if (!xmlFiles(source).isEmpty()) {
            Path yearFolder = sourceParent == null ? source : sourceParent;
            return readAnnotations(source, source, yearFolder, imageRoot(yearFolder, imagesDir), split);
        }
        Path main = VocFolders.mainFolder(source);
        if (main != null && VocClassificationLists.hasLists(main)) {
            return new VocClassificationLists(difficultAsPositive).read(source, main, imageRoot(source, imagesDir), split);
        }
        throw new UserInputException(MESSAGES.format("source.noAnnotations", source));
    }

    private static Path imageRoot(Path yearFolder, Path imagesDir) {
        if (imagesDir != null) {
            if (!Files.isDirectory(imagesDir)) {
                throw new UserInputException(MESSAGES.format("images.notFolder", imagesDir));
            }
            return imagesDir;
        }
        Path jpegImages = VocFolders.childFolder(yearFolder, "JPEGImages");
        if (jpegImages != null) {
            return jpegImages;
        }
        Path images = VocFolders.childFolder(yearFolder, "images");
        if (images != null) {
            return images;
        }
        throw new UserInputException(MESSAGES.format("images.notFound", yearFolder));
    }

    /** Lists the XML files directly in a folder, by id (the file name without {@code .xml}), sorted. */
    private static Map<String, Path> xmlFiles(Path folder) {
        Map<String, Path> byId = new TreeMap<>();
        for (Path file : TextFiles.listFiles(folder)) {
            String name = file.getFileName().toString();
            if (VocFolders.hasExtension(name, ".xml")) {
                byId.put(VocFolders.stem(name), file);
            }
        }
        return byId;
    }

    private ParsedDataset readAnnotations(Path source, Path annotationFolder, Path yearFolder, Path imageRoot,
            Split split) {
        List<String> notes = new ArrayList<>();
        notes.add(MESSAGES.format("note.annotations", annotationFolder));
        Map<String, Path> xmlById = xmlFiles(annotationFolder);

        // The images to read, by id, each with its split (null for none).
        VocSplitLists lists = VocSplitLists.in(yearFolder);
        Map<String, Split> splitById = new TreeMap<>();
        if (split != null) {
            List<String> selected = lists.select(split, notes);
            for (String id : selected == null ? xmlById.keySet() : selected) {
                splitById.put(id, split);
            }
        } else {
            for (String id : xmlById.keySet()) {
                splitById.put(id, null);
            }
            Map<String, Split> assigned = lists.assignAll(notes);
            splitById.putAll(assigned);
            long unlisted = xmlById.keySet().stream().filter(id -> !assigned.containsKey(id)).count();
            if (!lists.isEmpty() && unlisted > 0) {
                notes.add(MESSAGES.format("note.unlisted", unlisted));
            }
        }

        VocXmlParser parser = new VocXmlParser();
        Map<String, VocAnnotation> annotationById = new TreeMap<>();
        Set<String> classNames = new LinkedHashSet<>();
        List<String> withoutXml = new ArrayList<>();
        for (String id : splitById.keySet()) {
            Path xml = xmlById.get(id);
            if (xml == null) {
                withoutXml.add(id);
                continue;
            }
            VocAnnotation annotation = parser.parse(xml);
            annotationById.put(id, annotation);
            for (VocObject object : annotation.objects()) {
                classNames.add(object.name());
            }
        }
        if (!withoutXml.isEmpty()) {
            notes.add(MESSAGES.format("note.listedWithoutXml", withoutXml.size(), withoutXml.get(0)));
        }

        VocCategories categories = VocCategories.of(classNames);
        List<DatasetImage> images = buildImages(splitById, annotationById, categories, notes);
        return new ParsedDataset("voc", source, imageRoot, datasetCategories(categories), images, notes);
    }

    private List<DatasetImage> buildImages(Map<String, Split> splitById, Map<String, VocAnnotation> annotationById,
            VocCategories categories, List<String> notes) {
        CellMapBuilder cells = new CellMapBuilder(categories.size());
        boolean[] present = new boolean[categories.size()];
        boolean[] difficultOnly = new boolean[categories.size()];
        int withoutObjects = 0;
        int difficultOnlyPairs = 0;
        int renamed = 0;
        String firstRenamed = null;

        List<DatasetImage> images = new ArrayList<>(splitById.size());
        for (Map.Entry<String, Split> entry : splitById.entrySet()) {
            String id = entry.getKey();
            VocAnnotation annotation = annotationById.get(id);
            if (annotation == null) {
                images.add(new DatasetImage(id + ".jpg", entry.getValue(), cells.finishRow(), 0, 0));
                continue;
            }

            String path = imagePath(id, annotation.fileName());
            if (annotation.fileName() != null && !path.equals(baseName(annotation.fileName()))) {
                renamed++;
                if (firstRenamed == null) {
                    firstRenamed = MESSAGES.format("note.renamedExample", annotation.file(), annotation.fileName(), path);
                }
            }

            if (annotation.objects().isEmpty()) {
                withoutObjects++;
            } else {
                Arrays.fill(present, false);
                Arrays.fill(difficultOnly, false);
                for (VocObject object : annotation.objects()) {
                    int category = categories.indexOf(object.name());
                    if (object.difficult()) {
                        difficultOnly[category] = true;
                    } else {
                        present[category] = true;
                    }
                }
                for (int category = 0; category < categories.size(); category++) {
                    if (present[category]) {
                        cells.set(category, CellState.POSITIVE);
                    } else if (difficultOnly[category]) {
                        difficultOnlyPairs++;
                        if (difficultAsPositive) {
                            cells.set(category, CellState.POSITIVE);
                        }
                    } else if (categories.isExhaustive(category)) {
                        cells.set(category, CellState.NEGATIVE);
                    }
                }
            }
            images.add(new DatasetImage(path, entry.getValue(), cells.finishRow(), annotation.width(),
                    annotation.height()));
        }

        notes.add(MESSAGES.format(categories.isVoc() ? "note.exhaustiveVoc" : "note.exhaustiveCustom"));
        if (categories.extraCount() > 0) {
            notes.add(MESSAGES.format("note.extraClasses", categories.extraCount(),
                    String.join(", ", categories.names().subList(VocCategories.VOC_CLASSES.size(), categories.size()))));
        }
        if (difficultOnlyPairs > 0) {
            notes.add(MESSAGES.format(difficultAsPositive ? "note.difficultPositive" : "note.difficultUnknown",
                    difficultOnlyPairs));
        }
        if (withoutObjects > 0) {
            notes.add(MESSAGES.format("note.withoutObjects", withoutObjects));
        }
        if (renamed > 0) {
            notes.add(MESSAGES.format("note.renamed", renamed, firstRenamed));
        }
        return images;
    }

    /** Returns the image path of an XML, as the class comment says. */
    static String imagePath(String id, String fileName) {
        if (fileName == null) {
            return id + ".jpg";
        }
        String base = baseName(fileName);
        if (VocFolders.stem(base).equalsIgnoreCase(id)) {
            return base;
        }
        int dot = base.lastIndexOf('.');
        return id + (dot > 0 ? base.substring(dot) : ".jpg");
    }

    /** Returns the part of a {@code <filename>} after its last slash or backslash, because VOC images are in one folder. */
    private static String baseName(String fileName) {
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        return fileName.substring(slash + 1);
    }

    static List<DatasetCategory> datasetCategories(VocCategories categories) {
        List<DatasetCategory> list = new ArrayList<>(categories.size());
        for (String name : categories.names()) {
            list.add(new DatasetCategory(name, null));
        }
        return list;
    }
}
