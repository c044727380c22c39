package org.regiontag.engine.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

/** Numeric helpers of the CLIP tests. */
public final class Tensors {

    private Tensors() {
    }

    /** Seeded standard normal values, so a failing case can be rerun exactly. */
    public static float[] gaussian(long seed, int count) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** The largest absolute difference between two arrays of equal length. */
    public static double maxAbsDifference(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
        }
        return max;
    }

    /** Asserts the same length, no NaN, and every value within {@code tolerance} of the expected one. */
    public static void assertClose(String what, float[] actual, float[] expected, double tolerance) {
        assertThat(actual).as(what + " length").hasSameSizeAs(expected);
        for (float value : actual) {
            assertThat(Float.isFinite(value)).as(what + " is finite").isTrue();
        }
        assertThat(maxAbsDifference(actual, expected)).as(what + " max |difference|").isLessThanOrEqualTo(tolerance);
    }
}
