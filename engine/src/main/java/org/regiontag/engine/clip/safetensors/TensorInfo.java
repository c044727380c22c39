package org.regiontag.engine.clip.safetensors;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header.
 *
 * @param name the tensor's name in the file
 * @param dtype its element type
 * @param shape its dimensions (empty for a scalar)
 * @param begin offset of its first byte, relative to the start of the data section
 * @param end offset just past its last byte, relative to the start of the data section
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public long elementCount() {
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** Number of bytes in the data section. */
    public long byteLength() {
        return end - begin;
    }

    /** The shape as the usual text, such as {@code (768, 3, 16, 16)}. */
    public String shapeText() {
        return formatShape(shape);
    }

    /** Formats dimensions as {@code (a, b, c)}, the form every error message of the loader uses. */
    public static String formatShape(long[] dimensions) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < dimensions.length; i++) {
            text.append(i == 0 ? "" : ", ").append(dimensions[i]);
        }
        return text.append(dimensions.length == 1 ? ",)" : ")").toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo info && name.equals(info.name) && dtype == info.dtype
                && Arrays.equals(shape, info.shape) && begin == info.begin && end == info.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + shapeText() + " [" + begin + ", " + end + ")";
    }
}
