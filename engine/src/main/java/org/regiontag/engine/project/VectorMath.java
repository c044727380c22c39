package org.regiontag.engine.project;

/** Small vector helpers on Java arrays, for the few places that score without the engine. */
public final class VectorMath {

    private VectorMath() {
    }

    /** Returns {@code values / |values|} as floats; a zero vector stays zero. */
    public static float[] normalise(double[] values) {
        double squares = 0;
        for (double value : values) {
            squares += value * value;
        }
        double norm = Math.sqrt(squares);
        float[] unit = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            unit[i] = norm == 0 ? 0f : (float) (values[i] / norm);
        }
        return unit;
    }

    /** Returns {@code values / |values|}; a zero vector stays zero. */
    public static float[] normalise(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return normalise(wide);
    }

    /** The cosine of two vectors of equal length; 0 when either is zero. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : dot / Math.sqrt(aa * bb);
    }
}
