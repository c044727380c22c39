package org.regiontag.engine.clip.safetensors;

import java.util.Arrays;
import java.util.Optional;

/**
 * The element types of the safetensors format, with their sizes in bytes.
 *
 * <p>Every type of the format is listed so that the header of any valid file can be checked;
 * {@link #isFloatingPoint()} says which ones the model loader turns into float32 arrays.
 */
public enum DType {
    BOOL(1),
    U8(1),
    I8(1),
    F8_E5M2(1),
    F8_E4M3(1),
    I16(2),
    U16(2),
    F16(2),
    BF16(2),
    I32(4),
    U32(4),
    F32(4),
    I64(8),
    U64(8),
    F64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Size of one element in bytes. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether {@link SafetensorsFile#readFloats} and {@link SafetensorsFile#toNDArray} can read this type. */
    public boolean isFloatingPoint() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /** Looks up a header's dtype string, such as {@code "F32"}; empty when the format has no such type. */
    public static Optional<DType> fromHeader(String name) {
        return Arrays.stream(values()).filter(type -> type.name().equals(name)).findFirst();
    }
}
