package org.regiontag.engine.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DivergingColormapTest {

    private final DivergingColormap colormap = DivergingColormap.coolToWarm();

    @Test
    void endsAreBlueAndRed() {
        assertThat(colormap.rgb(0.0)).isEqualTo(DivergingColormap.COOL_BLUE);
        assertThat(colormap.rgb(1.0)).isEqualTo(DivergingColormap.WARM_RED);
        assertThat(colormap.rgb(-5.0)).as("clamped below").isEqualTo(DivergingColormap.COOL_BLUE);
        assertThat(colormap.rgb(7.0)).as("clamped above").isEqualTo(DivergingColormap.WARM_RED);
    }

    @Test
    void middleIsNeutralLightGrey() {
        double[] lab = ColorSpaces.srgbToLab(colormap.rgb(0.5));

        // The construction puts a neutral colour of magnitude max(M1, M2, 88) in the middle.
        assertThat(lab[0]).isCloseTo(88.0, within(0.5));
        assertThat(lab[1]).isCloseTo(0.0, within(1.0));
        assertThat(lab[2]).isCloseTo(0.0, within(1.0));
    }

    @Test
    void colourOrderFollowsValue() {
        // In the low half each level is farther (CIELAB distance) from the blue end than the one
        // before, and in the high half closer to the red end; 0.5 allows for 8-bit rounding.
        for (int i = 1; i < DivergingColormap.LEVELS; i++) {
            int previous = colormap.rgb((i - 1) / 255.0);
            int current = colormap.rgb(i / 255.0);
            if (i <= 128) {
                assertThat(deltaE(current, DivergingColormap.COOL_BLUE)).as("distance from blue at level %d", i)
                        .isGreaterThan(deltaE(previous, DivergingColormap.COOL_BLUE) - 0.5);
            } else {
                assertThat(deltaE(current, DivergingColormap.WARM_RED)).as("distance from red at level %d", i)
                        .isLessThan(deltaE(previous, DivergingColormap.WARM_RED) + 0.5);
            }
        }
    }

    @Test
    void halvesHaveTheirHues() {
        for (int i = 0; i < DivergingColormap.LEVELS; i++) {
            double[] lab = ColorSpaces.srgbToLab(colormap.rgb(i / 255.0));
            if (i < 120) {
                assertThat(lab[2]).as("b* (negative is blue) at level %d", i).isNegative();
            } else if (i > 136) {
                assertThat(lab[1]).as("a* (positive is red) at level %d", i).isPositive();
            }
        }
    }

    @Test
    void quarterPointsAreBlueAndRedTints() {
        int lowQuarter = colormap.rgb(0.25);
        int highQuarter = colormap.rgb(0.75);

        assertThat(lowQuarter & 0xff).as("blue channel").isGreaterThan((lowQuarter >> 16) & 0xff);
        assertThat((highQuarter >> 16) & 0xff).as("red channel").isGreaterThan(highQuarter & 0xff);
    }

    @Test
    void lightnessRisesThenFalls() {
        double previous = lightness(0.0);
        for (int i = 1; i < DivergingColormap.LEVELS; i++) {
            double current = lightness(i / 255.0);
            if (i <= 127) {
                assertThat(current).as("L* at level %d", i).isGreaterThanOrEqualTo(previous - 0.3);
            } else if (i >= 129) {
                assertThat(current).as("L* at level %d", i).isLessThanOrEqualTo(previous + 0.3);
            }
            previous = current;
        }
        assertThat(lightness(0.5)).isGreaterThan(lightness(0.0) + 30).isGreaterThan(lightness(1.0) + 30);
    }

    @Test
    void stepsArePerceptuallyEven() {
        double[] steps = new double[DivergingColormap.LEVELS - 1];
        double total = 0;
        for (int i = 0; i < steps.length; i++) {
            steps[i] = deltaE(colormap.rgb(i / 255.0), colormap.rgb((i + 1) / 255.0));
            total += steps[i];
        }
        double mean = total / steps.length;

        // 8-bit rounding makes single steps uneven, so compare sums over 16 levels with the mean.
        for (int start = 0; start + 16 <= steps.length; start += 16) {
            double window = 0;
            for (int i = start; i < start + 16; i++) {
                window += steps[i];
            }
            assertThat(window / 16).as("mean CIELAB step from level %d", start).isBetween(0.6 * mean, 1.4 * mean);
        }
    }

    @Test
    void srgbSurvivesLabRoundTrip() {
        for (int rgb : new int[] {0x000000, 0xffffff, 0x3b4cc0, 0xb40426, 0x808080, 0x12ab7f}) {
            assertThat(ColorSpaces.labToSrgb(ColorSpaces.srgbToLab(rgb))).isEqualTo(rgb);
        }
        double[] white = ColorSpaces.srgbToLab(0xffffff);
        assertThat(white[0]).isCloseTo(100.0, within(1e-3));
        assertThat(white[1]).isCloseTo(0.0, within(1e-2));
        assertThat(white[2]).isCloseTo(0.0, within(1e-2));
    }

    private double lightness(double value) {
        return ColorSpaces.srgbToLab(colormap.rgb(value))[0];
    }

    static double deltaE(int first, int second) {
        double[] a = ColorSpaces.srgbToLab(first);
        double[] b = ColorSpaces.srgbToLab(second);
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }
}
