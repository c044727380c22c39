package org.regiontag.engine.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.train.LabelMatrix;

class ZeroShotCalibrationTest {

    private static final double LOGIT_SCALE = 100;

    @Test
    void fitRecoversTheLogisticModelThatMadeTheLabels() {
        // Labels drawn from p = σ(a·x + b) with a = 0.6, b = −1.5, where x is the centred, scaled cosine.
        int images = 4000;
        int categories = 5;
        Random random = new Random(1);
        float[][] cosines = new float[images][categories];
        int[][] labels = new int[images][categories];
        for (int i = 0; i < images; i++) {
            double mean = 0;
            for (int c = 0; c < categories; c++) {
                cosines[i][c] = (float) (0.2 + 0.05 * random.nextGaussian());
                mean += cosines[i][c] / categories;
            }
            for (int c = 0; c < categories; c++) {
                double x = LOGIT_SCALE * (cosines[i][c] - mean);
                double p = 1 / (1 + Math.exp(-(0.6 * x - 1.5)));
                labels[i][c] = random.nextDouble() < p ? 1 : -1;
            }
        }

        ZeroShotCalibration fitted = ZeroShotCalibration.fit(cosines, LabelMatrix.of(labels), LOGIT_SCALE);

        assertThat(fitted.a()).isCloseTo(0.6, within(0.05));
        assertThat(fitted.d()).isCloseTo(0.0, within(0.05));
        assertThat(fitted.b()).isCloseTo(-1.5, within(0.1));
    }

    @Test
    void fitRecoversTheWeightOfTheImageMean() {
        // Labels drawn from p = σ(0.5·s·(cos − 0.2) − 1): the raw cosine counts, not only its
        // distance from the image's mean, so d must come out near a.
        int images = 4000;
        int categories = 5;
        Random random = new Random(2);
        float[][] cosines = new float[images][categories];
        int[][] labels = new int[images][categories];
        for (int i = 0; i < images; i++) {
            double shift = 0.03 * random.nextGaussian();
            for (int c = 0; c < categories; c++) {
                cosines[i][c] = (float) (0.2 + shift + 0.05 * random.nextGaussian());
            }
            for (int c = 0; c < categories; c++) {
                double p = 1 / (1 + Math.exp(-(0.5 * LOGIT_SCALE * (cosines[i][c] - 0.2) - 1)));
                labels[i][c] = random.nextDouble() < p ? 1 : -1;
            }
        }

        ZeroShotCalibration fitted = ZeroShotCalibration.fit(cosines, LabelMatrix.of(labels), LOGIT_SCALE);

        assertThat(fitted.a()).isCloseTo(0.5, within(0.05));
        assertThat(fitted.d()).isCloseTo(0.5, within(0.05));
        // b absorbs a·s·(μ − 0.2), where μ is the sample's mean of image means.
        assertThat(fitted.b()).isCloseTo(-1 + 0.5 * LOGIT_SCALE * (fitted.meanCentre() - 0.2), within(0.1));
    }

    @Test
    void withoutLabelsTheImageMeanGetsOneOverCategories() {
        float[][] cosines = {{0.2f, 0.2f, 0.2f, 0.2f}, {0.3f, 0.1f, 0.2f, 0.2f}};

        ZeroShotCalibration prior = ZeroShotCalibration.fit(cosines, LabelMatrix.unknown(2, 4), LOGIT_SCALE);
        float[][] probabilities = prior.probabilities(cosines);

        assertThat(prior.a()).isEqualTo(1.0);
        assertThat(prior.d()).isEqualTo(0.0);
        assertThat(prior.b()).isCloseTo(-Math.log(3), within(1e-12));
        assertThat(probabilities[0][0]).isCloseTo(0.25f, within(1e-6f));
        // x = 100 · (0.3 − 0.2) = 10: σ(10 − ln 3).
        assertThat((double) probabilities[1][0]).isCloseTo(1 / (1 + 3 * Math.exp(-10)), within(1e-5));
    }

    @Test
    void rowWithMissingCosineGetsOneHalf() {
        float[][] cosines = {{0.2f, Float.NaN}};

        float[][] probabilities = ZeroShotCalibration.prior(2, LOGIT_SCALE).probabilities(cosines);

        assertThat(probabilities[0]).containsExactly(0.5f, 0.5f);
    }
}
