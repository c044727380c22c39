package org.regiontag.engine.heatmap;

/**
 * Bilinear resizing of a map with the sampling of PyTorch's
 * {@code F.interpolate(mode="bilinear", align_corners=False)}: output pixel {@code i} samples the
 * input at {@code (i + 0.5) * in / out - 0.5}, clamped at 0, and the last row and column repeat at
 * the far edge.
 */
public final class Bilinear {

    private Bilinear() {
    }

    /**
     * Resizes a map.
     *
     * @param map the input {@code (height, width)}
     * @return the resized values {@code (outHeight, outWidth)}, row-major
     */
    public static float[] resize(SimilarityMap map, int outHeight, int outWidth) {
        if (outHeight <= 0 || outWidth <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + outHeight + "x" + outWidth);
        }
        Axis rows = new Axis(map.height(), outHeight);
        Axis columns = new Axis(map.width(), outWidth);

        float[] out = new float[outHeight * outWidth]; // (outHeight, outWidth)
        for (int y = 0; y < outHeight; y++) {
            int y0 = rows.low[y];
            int y1 = rows.high[y];
            double wy = rows.weight[y];
            for (int x = 0; x < outWidth; x++) {
                int x0 = columns.low[x];
                int x1 = columns.high[x];
                double wx = columns.weight[x];
                double top = (1 - wx) * map.value(y0, x0) + wx * map.value(y0, x1);
                double bottom = (1 - wx) * map.value(y1, x0) + wx * map.value(y1, x1);
                out[y * outWidth + x] = (float) ((1 - wy) * top + wy * bottom);
            }
        }
        return out;
    }

    /** The two input indices and the weight of the second, for every output index along one axis. */
    private static final class Axis {
        final int[] low;
        final int[] high;
        final double[] weight;

        Axis(int inSize, int outSize) {
            low = new int[outSize];
            high = new int[outSize];
            weight = new double[outSize];
            double scale = (double) inSize / outSize;
            for (int i = 0; i < outSize; i++) {
                double source = Math.max(0.0, (i + 0.5) * scale - 0.5);
                int index = Math.min((int) source, inSize - 1);
                low[i] = index;
                high[i] = Math.min(index + 1, inSize - 1);
                weight[i] = source - index;
            }
        }
    }
}
