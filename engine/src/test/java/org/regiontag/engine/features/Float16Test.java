package org.regiontag.engine.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.ReferencePython;

class Float16Test {

    @TempDir
    Path temp;

    @Test
    void knownValuesNarrow() {
        assertThat(Float16.fromFloat(1.0f)).isEqualTo((short) 0x3c00);
        assertThat(Float16.fromFloat(-2.0f)).isEqualTo((short) 0xc000);
        assertThat(Float16.fromFloat(65504f)).isEqualTo((short) 0x7bff);
        assertThat(Float16.fromFloat(65519.996f)).isEqualTo((short) 0x7bff);
        assertThat(Float16.fromFloat(65520f)).isEqualTo((short) 0x7c00);
        assertThat(Float16.fromFloat(-0.0f)).isEqualTo((short) 0x8000);
        assertThat(Float16.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
        assertThat(Float16.fromFloat(0x1p-25f)).isEqualTo((short) 0x0000);
        assertThat(Float16.fromFloat(Math.nextUp(0x1p-25f))).isEqualTo((short) 0x0001);
        assertThat(Float16.fromFloat(0x1.8p-24f)).as("tie 1.5 ulp goes to even 2").isEqualTo((short) 0x0002);
        assertThat(Float16.fromFloat(0x1p-14f)).isEqualTo((short) 0x0400);
        assertThat(Float16.fromFloat(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7c00);
        assertThat(Float16.fromFloat(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xfc00);
    }

    @Test
    void tiesRoundToEven() {
        // 1 + 2^-11 lies halfway between 1 (even mantissa) and 1 + 2^-10 (odd): rounds down.
        assertThat(Float16.fromFloat(1f + 0x1p-11f)).isEqualTo((short) 0x3c00);
        // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even): rounds up.
        assertThat(Float16.fromFloat(1f + 3 * 0x1p-11f)).isEqualTo((short) 0x3c02);
    }

    @Test
    void nanStaysNan() {
        short half = Float16.fromFloat(Float.NaN);

        assertThat(half & 0x7c00).isEqualTo(0x7c00);
        assertThat(half & 0x03ff).isNotZero();
        assertThat(Float16.toFloat(half)).isNaN();
        assertThat(Float16.fromFloat(Float.intBitsToFloat(0x7f80_0001))).as("payload below the kept bits")
                .isEqualTo((short) 0x7e00);
    }

    @Test
    void everyHalfSurvivesRoundTrip() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float widened = Float16.toFloat((short) bits);
            if (Float.isNaN(widened)) {
                continue;
            }
            assertThat(Float16.fromFloat(widened) & 0xffff).as("half 0x%04x", bits).isEqualTo(bits);
        }
    }

    @Test
    void bufferConversionsMatchScalarOnes() {
        float[] values = {0f, 1.5f, -3.25f, 1e-6f, 70000f, Float.NaN};
        ByteBuffer halves = ByteBuffer.allocateDirect(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);

        Float16.fromFloats(FloatBuffer.wrap(values), halves);
        halves.flip();
        float[] widened = new float[values.length];
        Float16.toFloats(halves, widened, 0, values.length);

        for (int i = 0; i < values.length; i++) {
            assertThat(halves.getShort(2 * i)).isEqualTo(Float16.fromFloat(values[i]));
            assertThat(Float.floatToRawIntBits(widened[i]))
                    .isEqualTo(Float.floatToRawIntBits(Float16.toFloat(Float16.fromFloat(values[i]))));
        }
        assertThat(halves.position()).isEqualTo(2 * values.length);
    }

    @Test
    @Tag("python")
    void widensEveryHalfLikeNumpy() throws Exception {
        ReferencePython.assumeTorch();
        Path out = temp.resolve("widened.bin");

        ReferencePython.run(Float16Test.class, "float16_reference.py", "widen", out.toString());

        ByteBuffer expected = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(expected.remaining()).isEqualTo(4 << 16);
        for (int bits = 0; bits < 1 << 16; bits++) {
            int expectedBits = expected.getInt(4 * bits);
            assertThat(Float.floatToRawIntBits(Float16.toFloat((short) bits)))
                    .as("half 0x%04x", bits)
                    .isEqualTo(expectedBits);
        }
    }

    @Test
    @Tag("python")
    void narrowsRandomFloatsLikeNumpy() throws Exception {
        ReferencePython.assumeTorch();
        float[] values = narrowingCases();
        Path in = temp.resolve("floats.bin");
        Path out = temp.resolve("halves.bin");
        ByteBuffer inBytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        inBytes.asFloatBuffer().put(values);
        Files.write(in, inBytes.array());

        ReferencePython.run(Float16Test.class, "float16_reference.py", "narrow", in.toString(), out.toString());

        ByteBuffer expected = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(expected.remaining()).isEqualTo(2 * values.length);
        int mismatches = 0;
        List<String> firstMismatches = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            int expectedBits = expected.getShort(2 * i) & 0xffff;
            int actualBits = Float16.fromFloat(values[i]) & 0xffff;
            boolean equal = Float.isNaN(values[i])
                    // NaN payloads differ between implementations: compare sign and NaN-ness only.
                    ? Float.isNaN(Float16.toFloat((short) actualBits)) && (actualBits & 0x8000) == (expectedBits & 0x8000)
                    : actualBits == expectedBits;
            if (!equal) {
                mismatches++;
                if (firstMismatches.size() < 5) {
                    firstMismatches.add(String.format("%s (0x%08x): 0x%04x, expected 0x%04x", values[i],
                            Float.floatToRawIntBits(values[i]), actualBits, expectedBits));
                }
            }
        }
        assertThat(mismatches).as("mismatches of %d values, first: %s", values.length, firstMismatches).isZero();
    }

    /**
     * Random bit patterns (every exponent, NaNs included), random values inside the half range,
     * and every tie between two neighbouring halves.
     */
    private static float[] narrowingCases() {
        SplittableRandom random = new SplittableRandom(20240607L);
        int randomBits = 1_000_000;
        int inRange = 1_000_000;
        float[] values = new float[randomBits + inRange + 2 * (1 << 15)];
        int n = 0;
        for (int i = 0; i < randomBits; i++) {
            values[n++] = Float.intBitsToFloat(random.nextInt());
        }
        for (int i = 0; i < inRange; i++) {
            // Exponents 2^-26 .. 2^16 cover subnormals, normals and the overflow edge.
            int exponent = random.nextInt(101, 144);
            int bits = (random.nextInt(2) << 31) | (exponent << 23) | random.nextInt(1 << 23);
            values[n++] = Float.intBitsToFloat(bits);
        }
        for (int bits = 0; bits < 0x7c00; bits++) {
            float low = Float16.toFloat((short) bits);
            float high = Float16.toFloat((short) (bits + 1));
            float tie = (float) (((double) low + high) / 2);
            values[n++] = tie;
            values[n++] = -tie;
        }
        return java.util.Arrays.copyOf(values, n);
    }
}
