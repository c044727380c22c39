package org.regiontag.engine.features;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * IEEE 754 binary16 ("half precision") conversion, written by hand because
 * {@code Float.floatToFloat16} only exists from Java 20 on.
 *
 * <p>Narrowing rounds to nearest, ties to even, produces subnormals below 2^-14, rounds to
 * infinity from 65520 on (the tie between 65504, the largest half, and 2^16) and keeps the sign of
 * zeros and infinities. A NaN becomes a quiet NaN (bit 9 set) that keeps the top ten payload bits,
 * as x86's {@code VCVTPS2PH} does. Widening is exact for every one of the 65,536 half values.
 */
public final class Float16 {

    /** Every half value widened, indexed by its 16 bits: 256 KiB that make widening one load. */
    private static final float[] WIDENED = new float[1 << 16];

    static {
        for (int bits = 0; bits < WIDENED.length; bits++) {
            WIDENED[bits] = widen((short) bits);
        }
    }

    private Float16() {
    }

    /** Widens a half, given as its 16 bits, to a float (exact). */
    public static float toFloat(short half) {
        return WIDENED[half & 0xffff];
    }

    /** Narrows a float to the nearest half (ties to even) and returns its 16 bits. */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fff_ffff;

        if (magnitude >= 0x7f80_0000) {
            if (magnitude == 0x7f80_0000) {
                return (short) (sign | 0x7c00);
            }
            return (short) (sign | 0x7e00 | ((magnitude >>> 13) & 0x03ff));
        }
        // 65520 = 0x477ff000 is the tie between 65504 and 2^16, and the tie goes to the even
        // neighbour, 2^16, which does not fit: infinity.
        if (magnitude >= 0x477f_f000) {
            return (short) (sign | 0x7c00);
        }
        if (magnitude >= 0x3880_0000) {
            return (short) (sign | roundNormal(magnitude));
        }
        // 2^-25 (0x33000000) is the tie between zero and the smallest subnormal 2^-24, and goes to zero.
        if (magnitude <= 0x3300_0000) {
            return (short) sign;
        }
        return (short) (sign | roundSubnormal(magnitude));
    }

    /**
     * Widens {@code count} halves from a buffer (read from its position, which advances) into
     * {@code target} from {@code offset} on.
     */
    public static void toFloats(ByteBuffer halves, float[] target, int offset, int count) {
        ByteBuffer source = halves.order() == ByteOrder.LITTLE_ENDIAN ? halves : halves.duplicate()
                .order(ByteOrder.LITTLE_ENDIAN);
        int position = source.position();
        for (int i = 0; i < count; i++) {
            target[offset + i] = WIDENED[source.getShort(position + 2 * i) & 0xffff];
        }
        halves.position(halves.position() + 2 * count);
    }

    /** Widens {@code count} halves from a buffer into a float buffer; both positions advance. */
    public static void toFloats(ByteBuffer halves, FloatBuffer target, int count) {
        // Widening into a heap array and copying it in bulk is several times faster than
        // element-wise puts into a direct buffer.
        float[] chunk = new float[Math.min(count, 1 << 14)];
        for (int done = 0; done < count; done += chunk.length) {
            int length = Math.min(chunk.length, count - done);
            toFloats(halves, chunk, 0, length);
            target.put(chunk, 0, length);
        }
    }

    /** Narrows every remaining float of {@code values} into little-endian halves; both positions advance. */
    public static void fromFloats(FloatBuffer values, ByteBuffer target) {
        ByteBuffer sink = target.order() == ByteOrder.LITTLE_ENDIAN ? target : target.duplicate()
                .order(ByteOrder.LITTLE_ENDIAN);
        int count = values.remaining();
        int valuePosition = values.position();
        int targetPosition = target.position();
        for (int i = 0; i < count; i++) {
            sink.putShort(targetPosition + 2 * i, fromFloat(values.get(valuePosition + i)));
        }
        values.position(valuePosition + count);
        target.position(targetPosition + 2 * count);
    }

    /** Computes one widened value; used once per half value to fill the table. */
    static float widen(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x03ff;

        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float since the mantissa has 10 bits.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // Re-bias the exponent from 15 to 127: (127 - 15) = 112.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Rounds a float magnitude in [2^-14, 65520) to half bits; a carry may reach the exponent, as it should. */
    private static int roundNormal(int magnitude) {
        int half = (magnitude - 0x3800_0000) >>> 13;
        int rest = magnitude & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++;
        }
        return half;
    }

    /** Rounds a float magnitude in (2^-25, 2^-14) to subnormal half bits (in units of 2^-24). */
    private static int roundSubnormal(int magnitude) {
        int exponent = magnitude >>> 23;
        int mantissa = (magnitude & 0x007f_ffff) | 0x0080_0000;
        // value = mantissa * 2^(exponent - 150) = (mantissa >> shift) units of 2^-24.
        int shift = 126 - exponent;
        int half = mantissa >>> shift;
        int rest = mantissa & ((1 << shift) - 1);
        int tie = 1 << (shift - 1);
        if (rest > tie || (rest == tie && (half & 1) != 0)) {
            half++;
        }
        return half;
    }
}
