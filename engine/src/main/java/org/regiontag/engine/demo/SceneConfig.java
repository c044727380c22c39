package org.regiontag.engine.demo;

/**
 * Settings of the scene generator and of its labels. Changing any of them changes the scenes of
 * every seed, so a model pretrained on one configuration should be evaluated on the same one.
 *
 * @param minObjects fewest objects per scene
 * @param maxObjects most objects per scene
 * @param minSize smallest object size (circumscribed-circle diameter as a fraction of the image
 *     side)
 * @param maxSize largest object size, in the same unit
 * @param minVisibleFraction the share of an object's area that must stay visible for its category
 *     to count as present
 * @param repeatProbability chance that an object repeats the category of an earlier object of
 *     the same scene instead of taking a new one
 * @param overlapProbability chance that an object is placed against an earlier one instead of
 *     anywhere
 * @param maxStrokes most distractor strokes per scene
 * @param frontStrokeProbability chance that a stroke is drawn over the objects
 * @param maxBlobs most translucent background blobs per scene
 * @param minContrast smallest RGB distance between an object's colour and the background under
 *     its centre, or any other object's colour
 * @param gridSize cells per side of the coverage masks
 * @param labelResolution samples per image side of the raster that decides visibility
 */
public record SceneConfig(int minObjects, int maxObjects, double minSize, double maxSize, double minVisibleFraction,
        double repeatProbability, double overlapProbability, int maxStrokes, double frontStrokeProbability,
        int maxBlobs, double minContrast, int gridSize, int labelResolution) {

    /**
     * The demo's settings.
     *
     * <ul>
     * <li>1 to 4 objects: about 2.3 categories per image, so that chance mAP is near 21 and
     *     region matching has several objects to tell apart.
     * <li>Sizes 0.12 to 0.50, drawn log-uniformly so that half the objects are below 0.25. Size
     *     is the circumscribed diameter, so the smallest square is 0.085 of the side across: about
     *     5 px at the 64 px pretraining size, small but still a recognisable shape.
     * <li>Visible fraction 0.4: below that, what is left of a shape (a corner of a square, a tip
     *     of a star) no longer tells the category apart. The generator re-places any object that
     *     would fall below it, so no unlabelled fragment appears in an image.
     * <li>Repeats 0.15: a few scenes hold two objects of one category, so that object count and
     *     category count differ.
     * <li>Overlap 0.4: enough partial occlusion to matter, with four objects on a small canvas.
     * <li>Up to 4 strokes, 30% of them in front, and up to 4 blobs: clutter that is present in
     *     most images without hiding the objects.
     * <li>Contrast 0.35 (of at most 1.73): every object stands out from the background and from
     *     the objects it may touch, so two same-coloured shapes never merge into one silhouette.
     * <li>Grid 8: the 8 by 8 dense grid of the demo model's image tower at 64 px.
     * <li>Label raster 128: the smallest object spans about 15 samples, enough to measure a 40%
     *     visible fraction to a few percent.
     * </ul>
     */
    public static final SceneConfig DEFAULT = new SceneConfig(1, 4, 0.12, 0.50, 0.4, 0.15, 0.4, 4, 0.3, 4, 0.35, 8, 128);

    public SceneConfig {
        require(minObjects >= 1 && maxObjects >= minObjects && maxObjects <= 16,
                "objects per scene must satisfy 1 <= minObjects <= maxObjects <= 16; got " + minObjects + " to "
                        + maxObjects);
        require(minSize > 0 && maxSize >= minSize && maxSize <= 0.9,
                "object sizes must satisfy 0 < minSize <= maxSize <= 0.9; got " + minSize + " to " + maxSize);
        require(minVisibleFraction > 0 && minVisibleFraction <= 1,
                "minVisibleFraction must lie in (0, 1]; got " + minVisibleFraction);
        require(isProbability(repeatProbability), "repeatProbability must lie in [0, 1]; got " + repeatProbability);
        require(isProbability(overlapProbability), "overlapProbability must lie in [0, 1]; got " + overlapProbability);
        require(isProbability(frontStrokeProbability),
                "frontStrokeProbability must lie in [0, 1]; got " + frontStrokeProbability);
        require(maxStrokes >= 0, "maxStrokes must not be negative; got " + maxStrokes);
        require(maxBlobs >= 0, "maxBlobs must not be negative; got " + maxBlobs);
        require(minContrast >= 0 && minContrast < 1, "minContrast must lie in [0, 1); got " + minContrast);
        require(gridSize >= 1 && gridSize <= 512, "gridSize must lie in [1, 512]; got " + gridSize);
        require(labelResolution >= 16 && labelResolution <= 1024,
                "labelResolution must lie in [16, 1024]; got " + labelResolution);
    }

    /** Returns the same settings with another coverage grid. */
    public SceneConfig withGridSize(int cells) {
        return new SceneConfig(minObjects, maxObjects, minSize, maxSize, minVisibleFraction, repeatProbability,
                overlapProbability, maxStrokes, frontStrokeProbability, maxBlobs, minContrast, cells, labelResolution);
    }

    private static boolean isProbability(double value) {
        return value >= 0 && value <= 1;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
