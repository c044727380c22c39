package org.regiontag.engine.heatmap;

/**
 * A map of scores over the dense-feature grid, such as the cosine similarity between a category's
 * text embedding and every location.
 *
 * @param values the scores {@code (height, width)}, row-major
 * @param height rows of the grid
 * @param width columns of the grid
 */
public record SimilarityMap(float[] values, int height, int width) {

    public SimilarityMap {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("map size must be positive, got " + height + "x" + width);
        }
        if (values == null || values.length != height * width) {
            throw new IllegalArgumentException("map of " + height + "x" + width + " needs " + height * width
                    + " values, got " + (values == null ? "none" : values.length));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("map value " + i + " (row " + i / width + ", column " + i % width
                        + ") is " + values[i] + "; every value must be finite");
            }
        }
        values = values.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    float value(int row, int column) {
        return values[row * width + column];
    }

    float min() {
        float min = Float.POSITIVE_INFINITY;
        for (float value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    float max() {
        float max = Float.NEGATIVE_INFINITY;
        for (float value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
