package org.regiontag.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.Djl;
import org.regiontag.engine.PythonReference;
import org.regiontag.engine.train.loss.AsymmetricLoss;
import org.regiontag.engine.train.loss.ContrastiveLoss;
import org.regiontag.engine.train.loss.MemoryQueue;

/**
 * The asymmetric and contrastive losses, computed in float32 by the engine, against the float64
 * reference in {@code src/test/python/loss_reference.py}: values and gradients within 1e-5.
 */
@Tag("python")
class LossReferenceTest {

    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path directory;

    private final Random random = new Random(2024);

    @BeforeEach
    void requireTorch() {
        PythonReference.assumeTorch();
    }

    @Test
    void asymmetricLossMatchesPythonReference() throws Exception {
        double[][] settings = {{2, 1, 0.05}, {4, 0, 0.05}, {0, 0, 0}, {2, 1, 0}};
        List<Map<String, Object>> cases = new ArrayList<>();
        List<float[]> logits = new ArrayList<>();
        List<float[]> targets = new ArrayList<>();
        for (double[] setting : settings) {
            float[] caseLogits = gaussian(6 * 5, 2.5f);
            float[] caseTargets = new float[30];
            for (int i = 0; i < caseTargets.length; i++) {
                caseTargets[i] = random.nextInt(3) - 1;
            }
            logits.add(caseLogits);
            targets.add(caseTargets);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("kind", "asl");
            json.put("logits", rows(caseLogits, 5));
            json.put("targets", rows(caseTargets, 5));
            json.put("gammaNeg", setting[0]);
            json.put("gammaPos", setting[1]);
            json.put("clip", setting[2]);
            cases.add(json);
        }

        JsonNode results = PythonReference.run("loss_reference.py", cases, directory);

        for (int k = 0; k < settings.length; k++) {
            AsymmetricLoss loss = new AsymmetricLoss(settings[k][0], settings[k][1], settings[k][2]);
            float[] caseLogits = logits.get(k);
            float[] caseTargets = targets.get(k);
            double[][] computed = TrainingExecutor.call(() -> {
                try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
                    NDArray input = manager.create(caseLogits, new Shape(6, 5));
                    input.setRequiresGradient(true);
                    NDArray value;
                    try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                        value = loss.compute(input, manager.create(caseTargets, new Shape(6, 5)));
                        collector.backward(value);
                    }
                    return new double[][] {{value.getFloat()}, toDoubles(input.getGradient().toFloatArray())};
                }
            });
            JsonNode expected = results.get(k);
            assertThat(computed[0][0]).as("ASL %s", java.util.Arrays.toString(settings[k]))
                    .isCloseTo(expected.get("loss").asDouble(), within(TOLERANCE));
            assertThat(computed[1]).as("ASL gradient %s", java.util.Arrays.toString(settings[k]))
                    .containsExactly(doubles(expected.get("gradLogits")), within(TOLERANCE));
        }
    }

    @Test
    void contrastiveLossMatchesPythonReference() throws Exception {
        int categories = 4;
        int embed = 6;
        int samples = 12;
        double[][] settings = {{0.2, 1.0, 7}, {0.5, 0.3, 0}, {0.07, 1.0, 3}};
        List<Map<String, Object>> cases = new ArrayList<>();
        List<Object[]> inputs = new ArrayList<>();
        for (double[] setting : settings) {
            float[] prompts = gaussian(categories * embed, 1);
            float[] features = gaussian(samples * embed, 1);
            int[] sampleCategories = new int[samples];
            int[] sampleLabels = new int[samples];
            for (int i = 0; i < samples; i++) {
                sampleCategories[i] = random.nextInt(categories);
                sampleLabels[i] = random.nextBoolean() ? 1 : -1;
            }
            int queued = (int) setting[2];
            MemoryQueue queue = new MemoryQueue(10, embed);
            float[] queueFeatures = new float[queued * embed];
            int[] queueCategories = new int[queued];
            int[] queueLabels = new int[queued];
            for (int i = 0; i < queued; i++) {
                float[] vector = normalised(gaussian(embed, 1));
                System.arraycopy(vector, 0, queueFeatures, i * embed, embed);
                queueCategories[i] = random.nextInt(categories);
                queueLabels[i] = random.nextBoolean() ? 1 : -1;
            }
            queue.enqueue(queueFeatures, queueCategories, queueLabels);
            inputs.add(new Object[] {prompts, features, sampleCategories, sampleLabels, queue});

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("kind", "contrastive");
            json.put("prompts", rows(prompts, embed));
            json.put("features", rows(features, embed));
            json.put("categories", sampleCategories);
            json.put("labels", sampleLabels);
            json.put("queueFeatures", rows(queueFeatures, embed));
            json.put("queueCategories", queueCategories);
            json.put("queueLabels", queueLabels);
            json.put("temperature", setting[0]);
            json.put("regionWeight", setting[1]);
            cases.add(json);
        }

        JsonNode results = PythonReference.run("loss_reference.py", cases, directory);

        for (int k = 0; k < settings.length; k++) {
            Object[] input = inputs.get(k);
            ContrastiveLoss loss = new ContrastiveLoss(settings[k][0], settings[k][1]);
            double[][] computed = TrainingExecutor.call(() -> {
                try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
                    NDArray prompts = manager.create((float[]) input[0], new Shape(categories, embed));
                    NDArray features = manager.create((float[]) input[1], new Shape(samples, embed));
                    prompts.setRequiresGradient(true);
                    features.setRequiresGradient(true);
                    ContrastiveLoss.Terms terms;
                    try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                        terms = loss.compute(prompts, features, (int[]) input[2], (int[]) input[3],
                                (MemoryQueue) input[4]);
                        collector.backward(terms.total());
                    }
                    return new double[][] {
                        {terms.text().getFloat(), terms.region().getFloat(), terms.total().getFloat()},
                        toDoubles(prompts.getGradient().toFloatArray()),
                        toDoubles(features.getGradient().toFloatArray())};
                }
            });
            JsonNode expected = results.get(k);
            String setting = java.util.Arrays.toString(settings[k]);
            assertThat(computed[0][0]).as("text term %s", setting)
                    .isCloseTo(expected.get("text").asDouble(), within(TOLERANCE));
            assertThat(computed[0][1]).as("region term %s", setting)
                    .isCloseTo(expected.get("region").asDouble(), within(TOLERANCE));
            assertThat(computed[0][2]).as("total %s", setting)
                    .isCloseTo(expected.get("loss").asDouble(), within(TOLERANCE));
            assertThat(computed[1]).as("prompt gradient %s", setting)
                    .containsExactly(doubles(expected.get("gradPrompts")), within(TOLERANCE));
            assertThat(computed[2]).as("feature gradient %s", setting)
                    .containsExactly(doubles(expected.get("gradFeatures")), within(TOLERANCE));
        }
    }

    private float[] gaussian(int count, float scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian() * scale;
        }
        return values;
    }

    private static float[] normalised(float[] values) {
        double norm = 0;
        for (float value : values) {
            norm += value * value;
        }
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) (values[i] / Math.sqrt(norm));
        }
        return result;
    }

    private static double[][] rows(float[] values, int columns) {
        double[][] rows = new double[values.length / columns][columns];
        for (int i = 0; i < values.length; i++) {
            rows[i / columns][i % columns] = values[i];
        }
        return rows;
    }

    private static double[] toDoubles(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    private static double[] doubles(JsonNode array) {
        double[] result = new double[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = array.get(i).asDouble();
        }
        return result;
    }
}
