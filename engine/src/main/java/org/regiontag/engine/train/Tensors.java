package org.regiontag.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/** Small tensor functions that the heads, losses and prototypes share; every one is differentiable. */
public final class Tensors {

    /** The floor of a norm in {@link #l2Normalize}, as {@code torch.nn.functional.normalize} uses. */
    public static final double NORM_EPSILON = 1e-12;

    private Tensors() {
    }

    /** Divides each vector along the last axis by its L2 norm (at least {@link #NORM_EPSILON}); same shape. */
    public static NDArray l2Normalize(NDArray array) {
        return array.normalize(2, -1, NORM_EPSILON);
    }

    /** log σ(x) = −softplus(−x), stable for large |x|; same shape. */
    public static NDArray logSigmoid(NDArray array) {
        return Activation.softPlus(array.neg()).neg();
    }

    /**
     * Cosine similarity of every row of {@code a} with every row of {@code b}.
     *
     * @param a (..., n, d)
     * @param b (m, d)
     * @return (..., n, m)
     */
    public static NDArray cosineMatrix(NDArray a, NDArray b) {
        return l2Normalize(a).matMul(l2Normalize(b).transpose()); // (..., n, m)
    }

    /**
     * Dot product along the last axis.
     *
     * @param a (..., d)
     * @param b (..., d), broadcast against {@code a}
     * @return (...)
     */
    public static NDArray rowDot(NDArray a, NDArray b) {
        return a.mul(b).sum(new int[] {-1}); // (...)
    }

    /**
     * Multiplies by a constant in the array's own data type. {@code array.mul(double)} would
     * multiply by a float64 scalar, which turns a float32 scalar result into float64 (PyTorch
     * promotes when both operands are 0-dimensional).
     */
    public static NDArray scale(NDArray array, double factor) {
        NDArray constant = array.getManager().create(factor).toType(array.getDataType(), false);
        return array.mul(constant);
    }

    /** A tensor of the given values, shape and data type, on the manager's device. */
    public static NDArray create(NDManager manager, float[] values, Shape shape, DataType dataType) {
        NDArray array = manager.create(values, shape);
        return dataType == DataType.FLOAT32 ? array : array.toType(dataType, false);
    }

    /** Row-major copy of a (rows, cols) matrix given as rows. */
    public static float[] flatten(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values; expected " + cols);
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return flat;
    }
}
