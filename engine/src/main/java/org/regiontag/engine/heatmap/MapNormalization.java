package org.regiontag.engine.heatmap;

/**
 * A rule that turns map scores into positions in [0, 1] on the colormap (0 is the blue end, 1
 * the red end). The renderer normalises before upsampling. For min-max this gives the same
 * picture as normalising after it, because bilinear interpolation commutes with an affine map. A
 * fixed range clamps first, so the edge of a clamped region blends smoothly.
 */
public sealed interface MapNormalization permits MapNormalization.MinMax, MapNormalization.FixedRange {

    /** Returns the map with every score moved into [0, 1]. */
    SimilarityMap normalize(SimilarityMap map);

    /**
     * Stretches each map on its own from its lowest score (blue) to its highest (red). It shows
     * where a category is relative to the rest of the image, but not how strong the evidence is.
     */
    static MapNormalization minMax() {
        return new MinMax();
    }

    /**
     * Maps {@code low} to blue and {@code high} to red for every map, clamping outside, so that
     * maps of different images and categories can be compared by colour.
     */
    static MapNormalization fixedRange(float low, float high) {
        return new FixedRange(low, high);
    }

    /** Per-map stretch; a constant map lands in the middle of the colormap. */
    record MinMax() implements MapNormalization {
        @Override
        public SimilarityMap normalize(SimilarityMap map) {
            double min = map.min();
            double range = (double) map.max() - min;
            if (range <= 0) {
                return transform(map, 0.0, 0.5);
            }
            return transform(map, 1.0 / range, -min / range);
        }
    }

    /**
     * A range shared by all maps.
     *
     * @param low the score drawn blue
     * @param high the score drawn red, greater than {@code low}
     */
    record FixedRange(float low, float high) implements MapNormalization {
        public FixedRange {
            if (!Float.isFinite(low) || !Float.isFinite(high) || !(high > low)) {
                throw new IllegalArgumentException("colour range needs finite low < high, got " + low + " .. " + high);
            }
        }

        @Override
        public SimilarityMap normalize(SimilarityMap map) {
            double range = (double) high - low;
            return transform(map, 1.0 / range, -low / range);
        }
    }

    private static SimilarityMap transform(SimilarityMap map, double scale, double offset) {
        float[] values = map.values();
        for (int i = 0; i < values.length; i++) {
            double position = scale * values[i] + offset;
            values[i] = (float) Math.min(1.0, Math.max(0.0, position));
        }
        return new SimilarityMap(values, map.height(), map.width());
    }
}
