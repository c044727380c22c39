package org.regiontag.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Small tensor functions that the heads, losses and prototypes share; every one is differentiable.
 *
 * <p>NOTE: arithmetic with a Java number must go through {@link #scale}, {@link #divide},
 * {@link #power}, {@link #maximum} and {@link #minimum} wherever gradients flow. DJL 0.36's
 * {@code NDArray.mul(Number)}, {@code div}, {@code pow}, {@code maximum} and {@code minimum} wrap
 * the number in a tensor whose memory is a Java direct buffer and close that tensor as soon as the
 * operation returns; PyTorch's autograd keeps the operand for the backward pass, which then reads
 * memory the garbage collector may already have freed. The result was NaN gradients at random
 * steps. The helpers here leave the constant open until its manager or the enclosing
 * {@code NDScope} closes, which is after the backward pass. Addition and subtraction of a number
 * are safe: their backward pass keeps no operand.
 */
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
     * Creates a 0-dimensional constant in the array's data type, attached to the array's manager (and to
     * the current {@code NDScope}, if any). Matching the data type matters: a float64 scalar would
     * turn a float32 0-dimensional result into float64, because PyTorch promotes when both
     * operands are 0-dimensional.
     */
    public static NDArray constant(NDArray like, double value) {
        return like.getManager().create(value).toType(like.getDataType(), false); // ()
    }

    /** array · factor; same shape. */
    public static NDArray scale(NDArray array, double factor) {
        return array.mul(constant(array, factor));
    }

    /** array / divisor; same shape. */
    public static NDArray divide(NDArray array, double divisor) {
        return array.div(constant(array, divisor));
    }

    /** array ^ exponent; same shape. */
    public static NDArray power(NDArray array, double exponent) {
        return array.pow(constant(array, exponent));
    }

    /** max(array, floor) element-wise; same shape. */
    public static NDArray maximum(NDArray array, double floor) {
        return array.maximum(constant(array, floor));
    }

    /** min(array, ceiling) element-wise; same shape. */
    public static NDArray minimum(NDArray array, double ceiling) {
        return array.minimum(constant(array, ceiling));
    }

    /** Creates a tensor of the given values, shape and data type on the manager's device. */
    public static NDArray create(NDManager manager, float[] values, Shape shape, DataType dataType) {
        NDArray array = manager.create(values, shape);
        return dataType == DataType.FLOAT32 ? array : array.toType(dataType, false);
    }

    /** Splits row-major values into {@code rows} rows of {@code width} values each. */
    public static float[][] unflatten(float[] values, int rows, int width) {
        if (values.length != rows * width) {
            throw new IllegalArgumentException(values.length + " values cannot be split into " + rows + " rows of " + width);
        }
        float[][] matrix = new float[rows][width];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(values, i * width, matrix[i], 0, width);
        }
        return matrix;
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
