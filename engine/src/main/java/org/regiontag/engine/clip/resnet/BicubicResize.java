package org.regiontag.engine.clip.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Bicubic resizing as a matrix product, matching PyTorch's
 * {@code F.interpolate(mode="bicubic", align_corners=False)} without antialiasing.
 *
 * <p>Bicubic resizing is separable and linear, so resizing a {@code (in, in, channels)} grid to
 * {@code (outH, outW, channels)} is {@code rows · grid · colsᵀ} with two small weight matrices.
 * Written this way, gradients reach the resized tensor through ordinary matrix products, and the
 * result does not depend on DJL's {@code interpolation}, which turns antialiasing on for bicubic
 * mode and so uses a different kernel from the one CLIP's positional embeddings are resized with.
 */
public final class BicubicResize {

    /** The cubic convolution coefficient of PyTorch's {@code upsample_bicubic2d} (Keys' kernel). */
    private static final double A = -0.75;

    private BicubicResize() {
    }

    /**
     * Returns the {@code (outSize, inSize)} matrix that resizes one axis of length {@code inSize}
     * to {@code outSize}.
     *
     * <p>Output index {@code i} samples the input at {@code (i + 0.5) · inSize / outSize − 0.5}
     * and mixes the four nearest inputs with Keys' cubic weights; indices past an edge repeat the
     * edge value, as PyTorch does.
     */
    public static double[][] weights(int outSize, int inSize) {
        if (outSize < 1 || inSize < 1) {
            throw new IllegalArgumentException("sizes must be positive, found " + outSize + " and " + inSize);
        }
        double scale = (double) inSize / outSize;
        double[][] matrix = new double[outSize][inSize];
        for (int i = 0; i < outSize; i++) {
            double source = (i + 0.5) * scale - 0.5;
            int floor = (int) Math.floor(source);
            double t = source - floor;
            double[] coefficients = {
                cubicFar(t + 1.0), cubicNear(t), cubicNear(1.0 - t), cubicFar(2.0 - t),
            };
            for (int k = 0; k < 4; k++) {
                int index = Math.min(Math.max(floor - 1 + k, 0), inSize - 1);
                matrix[i][index] += coefficients[k];
            }
        }
        return matrix;
    }

    /**
     * Resizes a {@code (inSize, inSize, channels)} grid to {@code (outHeight, outWidth, channels)}.
     *
     * @param grid a square grid, of any floating-point data type
     * @return the resized grid, in the grid's data type and on its manager
     */
    public static NDArray resize(NDArray grid, int outHeight, int outWidth) {
        Shape shape = grid.getShape();
        if (shape.dimension() != 3 || shape.get(0) != shape.get(1)) {
            throw new IllegalArgumentException("expected a square (side, side, channels) grid, found " + shape);
        }
        int inSize = Math.toIntExact(shape.get(0));
        long channels = shape.get(2);
        NDManager manager = grid.getManager();
        DataType dataType = grid.getDataType();

        NDArray rows = matrix(manager, weights(outHeight, inSize), dataType); // (outHeight, in)
        NDArray cols = matrix(manager, weights(outWidth, inSize), dataType); // (outWidth, in)
        NDArray resized = rows.matMul(grid.reshape(inSize, inSize * channels)); // (outHeight, in · channels)
        resized = resized.reshape(outHeight, inSize, channels); // (outHeight, in, channels)
        return cols.matMul(resized); // (outHeight, outWidth, channels)
    }

    private static NDArray matrix(NDManager manager, double[][] weights, DataType dataType) {
        int rows = weights.length;
        int cols = weights[0].length;
        double[] flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(weights[i], 0, flat, i * cols, cols);
        }
        return manager.create(flat, new Shape(rows, cols)).toType(dataType, false);
    }

    /** Keys' kernel for a distance below 1. */
    private static double cubicNear(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** Keys' kernel for a distance between 1 and 2. */
    private static double cubicFar(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }
}
