package org.regiontag.engine.heatmap;

/**
 * A diverging colormap built with Kenneth Moreland's construction ("Diverging Color Maps for
 * Scientific Visualization", Advances in Visual Computing, LNCS 5876, 2009): the two end colours
 * are converted to Msh, a polar form of CIELAB (magnitude M, saturation angle s, hue angle h),
 * and interpolated linearly there through a neutral white of magnitude
 * {@code max(M1, M2, 88)}. Lightness therefore rises steadily from one end to the middle and falls
 * to the other end, and equal steps in value give nearly equal perceived colour steps.
 *
 * <p>The colours are computed here at construction, 256 of them; no table is copied from
 * elsewhere. sRGB uses the D65 white point.
 */
public final class DivergingColormap implements Colormap {

    /** The cool end of Moreland's recommended map, sRGB (59, 76, 192). */
    public static final int COOL_BLUE = 0x3b4cc0;
    /** The warm end of Moreland's recommended map, sRGB (180, 4, 38). */
    public static final int WARM_RED = 0xb40426;

    static final int LEVELS = 256;
    /** Minimum magnitude of the white middle, so that it is close to white even for dark ends. */
    private static final double MIDDLE_MAGNITUDE = 88.0;
    /** Saturation below which a colour counts as unsaturated in the hue adjustment. */
    private static final double UNSATURATED = 0.05;

    private static final DivergingColormap COOL_TO_WARM = new DivergingColormap(COOL_BLUE, WARM_RED);

    private final int[] table = new int[LEVELS];

    /** Builds the map from {@code low} (value 0) to {@code high} (value 1), both 0xRRGGBB. */
    public DivergingColormap(int low, int high) {
        double[] lowMsh = ColorSpaces.labToMsh(ColorSpaces.srgbToLab(low));
        double[] highMsh = ColorSpaces.labToMsh(ColorSpaces.srgbToLab(high));
        for (int i = 0; i < LEVELS; i++) {
            double value = (double) i / (LEVELS - 1);
            table[i] = ColorSpaces.labToSrgb(ColorSpaces.mshToLab(interpolate(lowMsh, highMsh, value)));
        }
    }

    /** Returns Moreland's blue-to-red "cool to warm" map: blue for low values, red for high ones. */
    public static DivergingColormap coolToWarm() {
        return COOL_TO_WARM;
    }

    @Override
    public int rgb(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("colormap value is NaN");
        }
        double clamped = Math.min(1.0, Math.max(0.0, value));
        return table[(int) Math.round(clamped * (LEVELS - 1))];
    }

    /** Interpolates two Msh colours at {@code value} in [0, 1], through white when their hues differ. */
    static double[] interpolate(double[] first, double[] second, double value) {
        double[] a = first.clone();
        double[] b = second.clone();
        double t = value;
        if (a[1] > UNSATURATED && b[1] > UNSATURATED && angleBetween(a[2], b[2]) > Math.PI / 3) {
            double middle = Math.max(Math.max(a[0], b[0]), MIDDLE_MAGNITUDE);
            if (t < 0.5) {
                b = new double[] {middle, 0.0, 0.0};
                t = 2 * t;
            } else {
                a = new double[] {middle, 0.0, 0.0};
                t = 2 * t - 1;
            }
        }
        if (a[1] < UNSATURATED && b[1] > UNSATURATED) {
            a[2] = adjustHue(b, a[0]);
        } else if (b[1] < UNSATURATED && a[1] > UNSATURATED) {
            b[2] = adjustHue(a, b[0]);
        }
        return new double[] {
            (1 - t) * a[0] + t * b[0],
            (1 - t) * a[1] + t * b[1],
            (1 - t) * a[2] + t * b[2],
        };
    }

    /**
     * Returns the hue to give an unsaturated colour of magnitude {@code unsaturatedMagnitude} next to
     * the saturated {@code saturated}: spun away from it so that the path to white does not pass
     * through a perceptually distant hue.
     */
    private static double adjustHue(double[] saturated, double unsaturatedMagnitude) {
        double magnitude = saturated[0];
        double saturation = saturated[1];
        double hue = saturated[2];
        if (magnitude >= unsaturatedMagnitude) {
            return hue;
        }
        double spin = saturation * Math.sqrt(unsaturatedMagnitude * unsaturatedMagnitude - magnitude * magnitude)
                / (magnitude * Math.sin(saturation));
        return hue > -Math.PI / 3 ? hue + spin : hue - spin;
    }

    private static double angleBetween(double first, double second) {
        double difference = Math.abs(first - second) % (2 * Math.PI);
        return difference > Math.PI ? 2 * Math.PI - difference : difference;
    }
}
