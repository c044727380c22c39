package org.regiontag.db.io.coco;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.regiontag.db.io.coco.CocoInstances.Category;
import org.regiontag.db.io.coco.CocoInstances.Image;

/**
 * Reads a COCO instances file ({@code instances_train2017.json}) into image-level labels.
 *
 * <p>A category is positive for an image that has any annotation of it, {@code iscrowd} regions
 * included. COCO annotates every instance of every category in an annotated image, so such an
 * image is negative for the other categories. An image without annotations is all-unknown.
 *
 * <p>A file with the extension field {@code image_labels}, which RegionTag's COCO export writes,
 * gets its cells from that field instead: each entry makes its cell positive or negative, every
 * other cell is unknown, and an annotation still makes its category positive.
 * Categories keep the file's order, with their COCO id as the original id. File names pass through
 * as written; the writer resolves and checks them against the images folder.
 *
 * <p>The images folder defaults to the first that exists of: the folder named after the file's
 * last {@code _} part ({@code train2017}) beside the annotations folder, the same inside it, that
 * name under {@code images} beside the annotations folder, and an {@code images} folder beside the
 * annotations folder or inside it. The split defaults to the one that part names
 * ({@code val2017} is val).
 */
public final class CocoReader implements DatasetReader {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.io.coco.messages", CocoReader.class);

    @Override
    public ParsedDataset read(Path source, Path imagesDir, Split split) {
        if (!Files.isRegularFile(source)) {
            throw new UserInputException(MESSAGES.format(Files.isDirectory(source) ? "source.isFolder" : "file.notFound",
                    source));
        }
        Path imageRoot = imageRoot(source, imagesDir);
        List<String> notes = new ArrayList<>();
        Split imageSplit = split;
        if (imageSplit == null) {
            String part = splitPart(source);
            imageSplit = part == null ? null : SplitNames.fromName(part);
            if (imageSplit != null) {
                notes.add(MESSAGES.format("note.splitFromName", imageSplit.storeName(), source.getFileName()));
            }
        }

        CocoInstances instances = CocoInstancesParser.parse(source);

        List<DatasetCategory> categories = new ArrayList<>(instances.categories().size());
        for (Category category : instances.categories()) {
            categories.add(new DatasetCategory(category.name(), category.id()));
        }

        CellMapBuilder cells = new CellMapBuilder(categories.size());
        List<DatasetImage> images = new ArrayList<>(instances.images().size());
        int unannotated = 0;
        boolean labelled = instances.imageLabels() != null;
        for (int i = 0; i < instances.images().size(); i++) {
            Image image = instances.images().get(i);
            if (labelled) {
                // The extension lists its negatives, so absent categories stay unknown.
                for (int category = 0; category < categories.size(); category++) {
                    if (instances.isPresent(i, category) || instances.isLabelledPositive(i, category)) {
                        cells.set(category, CellState.POSITIVE);
                    } else if (instances.isLabelledNegative(i, category)) {
                        cells.set(category, CellState.NEGATIVE);
                    }
                }
            } else if (instances.isAnnotated(i)) {
                for (int category = 0; category < categories.size(); category++) {
                    cells.set(category, instances.isPresent(i, category) ? CellState.POSITIVE : CellState.NEGATIVE);
                }
            } else {
                unannotated++;
            }
            images.add(new DatasetImage(image.fileName(), imageSplit, cells.finishRow(), image.width(), image.height()));
        }

        notes.add(0, MESSAGES.format("note.read", source, images.size(), instances.annotationCount(), categories.size()));
        if (labelled) {
            notes.add(MESSAGES.format("note.imageLabels", instances.imageLabels().entries()));
        } else {
            notes.add(MESSAGES.format("note.exhaustive"));
            if (!instances.hasAnnotationsArray()) {
                notes.add(MESSAGES.format("note.noAnnotationsArray"));
            } else if (unannotated > 0) {
                notes.add(MESSAGES.format("note.unannotated", unannotated));
            }
        }
        if (instances.crowdCount() > 0) {
            notes.add(MESSAGES.format("note.crowd", instances.crowdCount()));
        }
        return new ParsedDataset("coco", source, imageRoot, categories, images, notes);
    }

    /** Returns the part of the file name after its last {@code _}, without extension ({@code train2017}), or null. */
    private static String splitPart(Path source) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        int underscore = stem.lastIndexOf('_');
        return underscore >= 0 && underscore < stem.length() - 1 ? stem.substring(underscore + 1) : null;
    }

    private static Path imageRoot(Path source, Path imagesDir) {
        if (imagesDir != null) {
            if (!Files.isDirectory(imagesDir)) {
                throw new UserInputException(MESSAGES.format("images.notFolder", imagesDir));
            }
            return imagesDir;
        }
        Path annotationsFolder = source.toAbsolutePath().getParent();
        Path datasetFolder = annotationsFolder.getParent();
        String part = splitPart(source);
        List<Path> candidates = new ArrayList<>();
        if (part != null) {
            if (datasetFolder != null) {
                candidates.add(datasetFolder.resolve(part));
            }
            candidates.add(annotationsFolder.resolve(part));
            if (datasetFolder != null) {
                candidates.add(datasetFolder.resolve("images").resolve(part));
            }
        }
        if (datasetFolder != null) {
            candidates.add(datasetFolder.resolve("images"));
        }
        candidates.add(annotationsFolder.resolve("images"));
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        List<String> looked = new ArrayList<>();
        for (Path candidate : candidates) {
            looked.add(candidate.toString());
        }
        throw new UserInputException(MESSAGES.format("images.notFound", source, String.join(", ", looked)));
    }
}
