package org.regiontag.engine.features;

/**
 * The shapes of one cache entry: a global embedding {@code (embedDim)} and a dense map
 * {@code (height, width, embedDim)} in the same joint space.
 *
 * @param embedDim the joint embedding size, such as 512 for ViT-B/16
 * @param height rows of the dense map, such as 14 for ViT-B/16 at 224 px
 * @param width columns of the dense map
 */
public record FeatureShape(int embedDim, int height, int width) {

    public FeatureShape {
        if (embedDim <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("feature shape must be positive, got embedDim " + embedDim
                    + ", dense " + height + "x" + width);
        }
        if ((long) embedDim * height * width > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("dense map " + height + "x" + width + "x" + embedDim
                    + " is too large for one cache entry");
        }
    }

    /** Number of values in the dense map, {@code height * width * embedDim}. */
    public int denseLength() {
        return height * width * embedDim;
    }

    /** Bytes of float16 data in one entry (global and dense), without the header. */
    public long payloadBytes() {
        return 2L * (embedDim + denseLength());
    }
}
