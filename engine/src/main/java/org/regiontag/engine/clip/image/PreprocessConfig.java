package org.regiontag.engine.clip.image;

import java.util.Arrays;

/**
 * How a checkpoint wants its images prepared: shortest side resized to {@code resizeShortestEdge},
 * a centre crop of {@code cropSize}, values scaled to [0, 1] and normalised per channel.
 *
 * @param resizeShortestEdge length in pixels of the shortest side after resizing
 * @param cropSize side of the square centre crop in pixels
 * @param mean per-channel mean (R, G, B) subtracted after scaling to [0, 1]
 * @param std per-channel standard deviation (R, G, B) divided by after the mean
 */
public record PreprocessConfig(int resizeShortestEdge, int cropSize, float[] mean, float[] std) {

    /** The mean of OpenAI's CLIP training images, which every released CLIP expects. */
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    /** The standard deviation of OpenAI's CLIP training images. */
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    public PreprocessConfig {
        if (resizeShortestEdge <= 0 || cropSize <= 0) {
            throw new IllegalArgumentException("sizes must be positive, found resize " + resizeShortestEdge
                    + " and crop " + cropSize);
        }
        if (mean == null || mean.length != 3 || std == null || std.length != 3) {
            throw new IllegalArgumentException("mean and std need three values (R, G, B)");
        }
        for (float value : std) {
            if (!(value > 0) || Float.isInfinite(value)) {
                throw new IllegalArgumentException("std values must be positive, found " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** CLIP's own preprocessing for a tower trained at {@code imageSize}: resize and crop to it. */
    public static PreprocessConfig clipDefaults(int imageSize) {
        return new PreprocessConfig(imageSize, imageSize, CLIP_MEAN, CLIP_STD);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreprocessConfig config && resizeShortestEdge == config.resizeShortestEdge
                && cropSize == config.cropSize && Arrays.equals(mean, config.mean) && Arrays.equals(std, config.std);
    }

    @Override
    public int hashCode() {
        return (resizeShortestEdge * 31 + cropSize) * 31 + Arrays.hashCode(mean) * 17 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "PreprocessConfig[resizeShortestEdge=" + resizeShortestEdge + ", cropSize=" + cropSize
                + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
