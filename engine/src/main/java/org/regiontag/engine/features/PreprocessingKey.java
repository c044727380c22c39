package org.regiontag.engine.features;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The preprocessing settings that change a backbone's output for a given image, as part of a
 * feature-cache key.
 *
 * @param mode how the image becomes a square input
 * @param size the side of the square input in pixels, such as 224 or 448
 * @param mean the per-channel mean (R, G, B) subtracted after scaling pixels to [0, 1]
 * @param std the per-channel standard deviation (R, G, B) divided by after the mean
 */
public record PreprocessingKey(ResizeMode mode, int size, List<Float> mean, List<Float> std) {

    /** The channel means of OpenAI's CLIP preprocessing (its {@code _transform}). */
    public static final List<Float> CLIP_MEAN = List.of(0.48145466f, 0.4578275f, 0.40821073f);
    /** The channel standard deviations of OpenAI's CLIP preprocessing. */
    public static final List<Float> CLIP_STD = List.of(0.26862954f, 0.26130258f, 0.27577711f);

    /** Nine significant digits tell every pair of floats apart (FLT_DECIMAL_DIG in C). */
    private static final MathContext FLOAT_DIGITS = new MathContext(9, RoundingMode.HALF_EVEN);

    /** How an image of any shape becomes the square network input. */
    public enum ResizeMode {
        /** Shortest side resized to the input size, then the centre square cut out (CLIP's own). */
        CROP,
        /** The whole image resized to a square, aspect ratio not kept (dense maps cover everything). */
        SQUARE;

        /** The lower-case name used in keys, manifests and on the command line. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code crop} or {@code square}. */
        public static ResizeMode fromId(String id) {
            for (ResizeMode mode : values()) {
                if (mode.id().equals(id)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("unknown resize mode '" + id + "'; expected one of crop, square");
        }
    }

    public PreprocessingKey {
        if (mode == null) {
            throw new IllegalArgumentException("resize mode is missing");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + size);
        }
        mean = checkChannels("mean", mean, false);
        std = checkChannels("std", std, true);
    }

    /** CLIP's mean and standard deviation with the given mode and input size. */
    public static PreprocessingKey clip(ResizeMode mode, int size) {
        return new PreprocessingKey(mode, size, CLIP_MEAN, CLIP_STD);
    }

    /**
     * Returns a string that identifies these settings and is the same on every Java version,
     * such as {@code crop/224/mean=0.481454670,...}: each float is written with nine significant
     * digits from its exact value, which keeps distinct floats distinct (unlike
     * {@code Float.toString}, whose digits changed in Java 19).
     */
    public String stableString() {
        return mode.id() + "/" + size + "/mean=" + join(mean) + "/std=" + join(std);
    }

    private static String join(List<Float> values) {
        return values.stream()
                .map(value -> new BigDecimal(value.doubleValue()).round(FLOAT_DIGITS).toPlainString())
                .collect(Collectors.joining(","));
    }

    private static List<Float> checkChannels(String name, List<Float> values, boolean positive) {
        if (values == null || values.size() != 3) {
            throw new IllegalArgumentException(name + " needs 3 channel values (R, G, B), got " + values);
        }
        for (Float value : values) {
            if (value == null || !Float.isFinite(value) || (positive && value <= 0)) {
                throw new IllegalArgumentException(name + " values must be finite" + (positive ? " and positive" : "")
                        + ", got " + values);
            }
        }
        return List.copyOf(values);
    }
}
