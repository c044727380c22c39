package org.regiontag.engine.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.Djl;

/**
 * The pretraining losses, AdamW and the schedules against plain double-precision formulas written
 * out here, element by element, independently of the tensor code.
 */
class PretrainMathTest {

    private static final double TOLERANCE = 1e-5;

    @Test
    void binaryCrossEntropyMatchesTheLogFormula() {
        float[] logits = {-3f, -0.5f, 0f, 0.7f, 2.5f, 8f};
        float[] targets = {0f, 1f, 0.5f, 0f, 1f, 1f};
        double expected = 0;
        for (int i = 0; i < logits.length; i++) {
            double p = 1 / (1 + Math.exp(-logits[i]));
            expected -= targets[i] * Math.log(p) + (1 - targets[i]) * Math.log(1 - p);
        }
        expected /= logits.length;
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray loss = PretrainObjective.binaryCrossEntropy(manager.create(logits, new Shape(2, 3)),
                    manager.create(targets, new Shape(2, 3)));
            assertThat(loss.getFloat()).isCloseTo((float) expected, within((float) TOLERANCE));
        }
    }

    @Test
    void softCrossEntropySplitsEqualCaptions() {
        float[] logits = {2f, 1f, 0f, 0.5f, 3f, -1f, 1f, 1f, 1f};
        // Rows 0 and 2 have the same caption: each spreads its target over columns 0 and 2.
        float[] targets = {0.5f, 0f, 0.5f, 0f, 1f, 0f, 0.5f, 0f, 0.5f};
        double expected = 0;
        for (int row = 0; row < 3; row++) {
            double normaliser = 0;
            for (int column = 0; column < 3; column++) {
                normaliser += Math.exp(logits[row * 3 + column]);
            }
            for (int column = 0; column < 3; column++) {
                expected -= targets[row * 3 + column] * (logits[row * 3 + column] - Math.log(normaliser));
            }
        }
        expected /= 3;
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray loss = PretrainObjective.softCrossEntropy(manager.create(logits, new Shape(3, 3)),
                    manager.create(targets, new Shape(3, 3)));
            assertThat(loss.getFloat()).isCloseTo((float) expected, within((float) TOLERANCE));
        }
    }

    @Test
    void adamWFollowsTheDecoupledUpdateOverThreeSteps() {
        double[] weight = {0.5, -1.2, 2.0};
        double[][] gradients = {{0.1, -0.3, 0.05}, {-0.2, 0.4, 0.0}, {0.3, 0.1, -0.6}};
        double learningRate = 0.01;
        double decay = 0.1;

        double[] expected = weight.clone();
        double[] mean = new double[3];
        double[] variance = new double[3];
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 3; i++) {
                double g = gradients[t - 1][i];
                mean[i] = 0.9 * mean[i] + 0.1 * g;
                variance[i] = 0.98 * variance[i] + 0.02 * g * g;
                expected[i] *= 1 - learningRate * decay;
                double meanHat = mean[i] / (1 - Math.pow(0.9, t));
                double varianceHat = variance[i] / (1 - Math.pow(0.98, t));
                expected[i] -= learningRate * meanHat / (Math.sqrt(varianceHat) + 1e-6);
            }
        }

        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray array = manager.create(new float[] {0.5f, -1.2f, 2.0f});
            array.setRequiresGradient(true);
            AdamWOptimizer optimizer = new AdamWOptimizer();
            for (int t = 1; t <= 3; t++) {
                double[] g = gradients[t - 1];
                NDArray direction = manager.create(new float[] {(float) g[0], (float) g[1], (float) g[2]});
                // The gradient of Σ w·g with respect to w is g.
                try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                    collector.backward(array.mul(direction).sum());
                }
                optimizer.step(Map.of("w", array), Map.of("w", true), t, learningRate, decay, manager);
                assertThat(array.getGradient().toFloatArray()).containsOnly(0f);
            }
            float[] actual = array.toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertThat((double) actual[i]).as("weight %d", i).isCloseTo(expected[i], within(TOLERANCE));
            }
        }
    }

    @Test
    void stepScheduleWarmsUpThenDecaysToZero() {
        PretrainConfig config = PretrainConfig.defaults(1, 1000, 0);
        assertThat(config.learningRateAt(50, 1000)).isCloseTo(1e-3, within(1e-12));
        assertThat(config.learningRateAt(100, 1000)).isCloseTo(2e-3, within(1e-12));
        // Halfway through the decay the cosine is at half the peak.
        assertThat(config.learningRateAt(550, 1000)).isCloseTo(1e-3, within(1e-12));
        assertThat(config.learningRateAt(1000, 1000)).isCloseTo(0, within(1e-12));
    }

    @Test
    void timedScheduleFollowsTheShareOfTheBudget() {
        PretrainConfig config = PretrainConfig.defaults(1, 0, 10);
        assertThat(config.timed()).isTrue();
        assertThat(config.learningRateAtTime(50, 0)).isCloseTo(1e-3, within(1e-12));
        assertThat(config.learningRateAtTime(400, 0.5)).isCloseTo(1e-3, within(1e-12));
        assertThat(config.learningRateAtTime(400, 0.25)).isCloseTo(2e-3 * 0.5 * (1 + Math.cos(Math.PI / 4)),
                within(1e-12));
        assertThat(config.learningRateAtTime(900, 1.2)).isCloseTo(0, within(1e-12));
    }
}
