package org.regiontag.engine.clip;

/**
 * Sizes of CLIP's vision transformer.
 *
 * @param imageSize side of the square training input in pixels; the positional embedding has
 *     {@code gridSize()² + 1} rows, and other input sizes interpolate it
 * @param patchSize side of one square patch in pixels (the patch embedding's kernel and stride)
 * @param transformer the transformer's sizes
 */
public record VitConfig(int imageSize, int patchSize, TransformerConfig transformer) implements VisionConfig {

    public static final String TYPE = "vit";

    public VitConfig {
        TransformerConfig.requirePositive("imageSize", imageSize);
        TransformerConfig.requirePositive("patchSize", patchSize);
        if (patchSize > imageSize) {
            throw new IllegalArgumentException("patchSize " + patchSize + " exceeds imageSize " + imageSize);
        }
        if (transformer == null) {
            throw new IllegalArgumentException("transformer is required");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Patches per side at {@link #imageSize()}: the patch convolution drops a remainder, as
     * PyTorch's strided convolution does.
     */
    public int gridSize() {
        return imageSize / patchSize;
    }
}
