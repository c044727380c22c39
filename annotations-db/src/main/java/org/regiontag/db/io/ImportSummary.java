package org.regiontag.db.io;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of an import.
 *
 * @param format the reader's format name
 * @param source the file or folder read
 * @param root the dataset root that image paths are relative to
 * @param imagesAdded images new to the project
 * @param imagesUpdated images already in the project (same root and path), whose file details were refreshed
 * @param categoriesAdded names of categories new to the project
 * @param labelsAdded cells that were unknown and now have an imported label
 * @param labelsChanged cells whose imported label the re-import changed
 * @param labelsUnchanged cells whose label already had the imported value
 * @param labelsKeptAsDecided cells where the source differs from a person's decision, which was kept
 * @param cellsHidden known cells of the source that the missing-label simulation left unknown
 * @param completeLabels ground-truth cells stored (only with a missing-label simulation)
 * @param missingImages images whose file was not found, with the reason
 * @param damagedImages images whose file could not be decoded, with the reason
 * @param skippedImages source entries not imported (path outside the dataset root, invalid), with the reason
 * @param notes remarks from the reader and the writer
 */
public record ImportSummary(String format, Path source, Path root, int imagesAdded, int imagesUpdated,
        List<String> categoriesAdded, long labelsAdded, long labelsChanged, long labelsUnchanged,
        long labelsKeptAsDecided, long cellsHidden, long completeLabels, List<ImageProblem> missingImages,
        List<ImageProblem> damagedImages, List<ImageProblem> skippedImages, List<String> notes) {

    public ImportSummary {
        categoriesAdded = List.copyOf(categoriesAdded);
        missingImages = List.copyOf(missingImages);
        damagedImages = List.copyOf(damagedImages);
        skippedImages = List.copyOf(skippedImages);
        notes = List.copyOf(notes);
    }

    /**
     * An image that was imported with a problem, or skipped.
     *
     * @param path the path as the source writes it
     * @param reason what is wrong, in one line
     */
    public record ImageProblem(String path, String reason) {
    }
}
