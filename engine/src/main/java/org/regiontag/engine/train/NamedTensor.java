package org.regiontag.engine.train;

import java.util.Arrays;

/**
 * One trainable tensor copied out of the engine: its name, shape and values in row-major order,
 * the unit in which a model version is saved.
 *
 * @param name the parameter name, such as {@code carl.queries}
 * @param shape the dimensions
 * @param values row-major float32 values; their count is the product of {@code shape}
 */
public record NamedTensor(String name, long[] shape, float[] values) {

    public NamedTensor {
        shape = shape.clone();
        values = values.clone();
        long expected = 1;
        for (long dimension : shape) {
            expected *= dimension;
        }
        if (expected != values.length) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(shape) + " but "
                    + values.length + " values");
        }
    }

    /** Returns the number of values, without copying them. */
    public int valueCount() {
        return values.length;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NamedTensor tensor && name.equals(tensor.name) && Arrays.equals(shape, tensor.shape)
                && Arrays.equals(values, tensor.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NamedTensor[" + name + ", shape=" + Arrays.toString(shape) + "]";
    }
}
