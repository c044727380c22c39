package org.regiontag.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.PythonReference;
import org.regiontag.engine.train.LabelMatrix;

class MultiLabelMetricsTest {

    private static final double TOLERANCE = 1e-6;

    @TempDir
    Path directory;

    @Test
    void averagePrecisionOfHandRankedList() {
        // Ranked: +, -, +, -, + → precision at each positive 1, 2/3, 3/5.
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5};
        boolean[] positive = {true, false, true, false, true};

        assertThat(MultiLabelMetrics.averagePrecision(scores, positive))
                .isCloseTo((1 + 2.0 / 3 + 3.0 / 5) / 3, within(1e-12));
    }

    @Test
    void averagePrecisionTreatsTiesAsOneThreshold() {
        // Two cells tie at 0.5, one positive and one negative: the precision there is 1/2 whatever their order.
        double[] scores = {0.9, 0.5, 0.5};
        boolean[] positiveFirst = {true, true, false};
        boolean[] negativeFirst = {true, false, true};

        assertThat(MultiLabelMetrics.averagePrecision(scores, positiveFirst)).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
        assertThat(MultiLabelMetrics.averagePrecision(scores, negativeFirst)).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
    }

    @Test
    void averagePrecisionWithoutPositivesIsNaN() {
        assertThat(MultiLabelMetrics.averagePrecision(new double[] {0.3, 0.2}, new boolean[] {false, false})).isNaN();
    }

    @Test
    void f1ScoresOfHandCountedCase() {
        // Category 0: predicted {0, 1}, positive {0, 2} → P 1/2, R 1/2. Category 1: predicted {2}, positive {2} → 1, 1.
        float[][] probabilities = {{0.9f, 0.1f}, {0.6f, 0.2f}, {0.4f, 0.7f}};
        LabelMatrix truth = LabelMatrix.of(new int[][] {{1, -1}, {-1, -1}, {1, 1}});

        ClassificationMetrics metrics = MultiLabelMetrics.evaluate(probabilities, truth);

        assertThat(metrics.classPrecision()).isCloseTo(75, within(1e-9));
        assertThat(metrics.classRecall()).isCloseTo(75, within(1e-9));
        assertThat(metrics.classF1()).isCloseTo(75, within(1e-9));
        assertThat(metrics.overallPrecision()).isCloseTo(100 * 2.0 / 3, within(1e-9));
        assertThat(metrics.overallRecall()).isCloseTo(100 * 2.0 / 3, within(1e-9));
        assertThat(metrics.overallF1()).isCloseTo(100 * 2.0 / 3, within(1e-9));
        assertThat(metrics.averagePrecision()[1]).isCloseTo(100, within(1e-9));
    }

    @Test
    @Tag("python")
    void metricsMatchNumpyReference() throws Exception {
        PythonReference.assumeTorch();
        Random random = new Random(5);
        List<float[][]> probabilities = new ArrayList<>();
        List<LabelMatrix> truths = new ArrayList<>();
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int images = 40 + 20 * k;
            int categories = 7;
            float[][] scores = new float[images][categories];
            int[][] labels = new int[images][categories];
            for (int i = 0; i < images; i++) {
                for (int c = 0; c < categories; c++) {
                    labels[i][c] = c == 6 ? -1 : random.nextDouble() < 0.3 ? 1 : -1;
                    if (k % 2 == 1 && random.nextDouble() < 0.2) {
                        labels[i][c] = 0;
                    }
                    double score = 1 / (1 + Math.exp(-(random.nextGaussian() + (labels[i][c] == 1 ? 1.2 : -0.3))));
                    // Rounding to 2 decimals makes ties common, which is where AP definitions differ.
                    scores[i][c] = k >= 2 ? Math.round(score * 100) / 100f : (float) score;
                }
            }
            probabilities.add(scores);
            truths.add(LabelMatrix.of(labels));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("probabilities", scores);
            json.put("truth", labels);
            cases.add(json);
        }

        JsonNode results = PythonReference.run("metrics_reference.py", cases, directory);

        for (int k = 0; k < cases.size(); k++) {
            ClassificationMetrics metrics = MultiLabelMetrics.evaluate(probabilities.get(k), truths.get(k));
            JsonNode expected = results.get(k);
            assertThat(metrics.meanAveragePrecision()).as("mAP case %d", k)
                    .isCloseTo(expected.get("mAP").asDouble(), within(TOLERANCE));
            for (int c = 0; c < 7; c++) {
                JsonNode ap = expected.get("ap").get(c);
                if (ap.isNull()) {
                    assertThat(metrics.averagePrecision()[c]).as("AP of a category without positives").isNaN();
                } else {
                    assertThat(metrics.averagePrecision()[c]).as("AP case %d category %d", k, c)
                            .isCloseTo(ap.asDouble(), within(TOLERANCE));
                }
            }
            assertThat(metrics.classPrecision()).isCloseTo(expected.get("CP").asDouble(), within(TOLERANCE));
            assertThat(metrics.classRecall()).isCloseTo(expected.get("CR").asDouble(), within(TOLERANCE));
            assertThat(metrics.classF1()).isCloseTo(expected.get("CF1").asDouble(), within(TOLERANCE));
            assertThat(metrics.overallPrecision()).isCloseTo(expected.get("OP").asDouble(), within(TOLERANCE));
            assertThat(metrics.overallRecall()).isCloseTo(expected.get("OR").asDouble(), within(TOLERANCE));
            assertThat(metrics.overallF1()).isCloseTo(expected.get("OF1").asDouble(), within(TOLERANCE));
            assertThat(metrics.evaluatedCategories()).isEqualTo(6);
        }
    }
}
