package org.regiontag.engine.clip.safetensors;

/** Conversions from the 16-bit float formats to float32 (Java 17 has none built in). */
final class HalfFloats {

    private HalfFloats() {
    }

    /** Widens an IEEE 754 binary16 value, subnormals, infinities and NaN included. */
    static float halfToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal: the value is mantissa * 2^-24 exactly, which float32 represents.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Widens a bfloat16 value: its bits are the upper half of a float32. */
    static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
