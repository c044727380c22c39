package org.regiontag.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.Djl;
import org.regiontag.engine.train.heads.HeadOutput;
import org.regiontag.engine.train.loss.AsymmetricLoss;
import org.regiontag.engine.train.loss.ContrastSamples;
import org.regiontag.engine.train.loss.ContrastiveLoss;
import org.regiontag.engine.train.loss.DistillationTerms;
import org.regiontag.engine.train.loss.MemoryQueue;
import org.regiontag.engine.train.loss.TrainingObjective;
import org.regiontag.engine.train.text.EmbeddingTextSide;

/** Finite-difference gradient checks in float64 of every head and loss, at tiny sizes. */
class GradientCheckTest {

    private static final int BATCH = 3;
    private static final int HEIGHT = 2;
    private static final int WIDTH = 2;
    private static final int EMBED = 4;
    private static final int CATEGORIES = 3;

    private final Random random = new Random(11);

    @ParameterizedTest
    @EnumSource(Matching.class)
    void headGradientsMatchFiniteDifferences(Matching matching) throws Exception {
        TrainingConfig config = TrainingConfig.builder().matching(matching).mlpHiddenRatio(0.5).build();
        ModelSpec spec = spec();
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        randomParameters(config, spec, values, shapes);
        double[] dense = gaussian(BATCH * HEIGHT * WIDTH * EMBED);
        double[] global = gaussian(BATCH * EMBED);
        double[] logitWeights = gaussian(BATCH * CATEGORIES);
        double[] featureWeights = gaussian(BATCH * CATEGORIES * EMBED);
        double[] mapWeights = gaussian(BATCH * CATEGORIES * HEIGHT * WIDTH);

        int checked = GradientCheck.check(values, shapes, (manager, arrays) -> {
            TrmModel model = TrmModel.create(new TrainableParameters(manager, DataType.FLOAT64, arrays), config, spec);
            FeatureBatch batch = new FeatureBatch(manager.create(dense, new Shape(BATCH, HEIGHT, WIDTH, EMBED)),
                    manager.create(global, new Shape(BATCH, EMBED)));
            HeadOutput output = model.forward(batch).head();
            NDArray total = output.logits().mul(manager.create(logitWeights, new Shape(BATCH, CATEGORIES))).sum()
                    .add(output.regionFeatures().mul(
                            manager.create(featureWeights, new Shape(BATCH, CATEGORIES, EMBED))).sum());
            if (output.regionMaps().isPresent()) {
                total = total.add(output.regionMaps().get().mul(
                        manager.create(mapWeights, new Shape(BATCH, CATEGORIES, HEIGHT, WIDTH))).sum());
            }
            return total;
        });

        assertThat(checked).isEqualTo(values.values().stream().mapToInt(array -> array.length).sum());
    }

    @Test
    void asymmetricLossGradientMatchesFiniteDifferences() throws Exception {
        double[] targets = targets(BATCH * CATEGORIES * 2);
        AsymmetricLoss loss = new AsymmetricLoss(2, 1, 0.05);

        GradientCheck.check(Map.of("logits", scaled(gaussian(BATCH * CATEGORIES * 2), 3)),
                Map.of("logits", new Shape(BATCH * 2, CATEGORIES)),
                (manager, arrays) -> loss.compute(arrays.get("logits"),
                        manager.create(targets, new Shape(BATCH * 2, CATEGORIES))));
    }

    @Test
    void asymmetricLossWithoutClipGradientMatchesFiniteDifferences() throws Exception {
        double[] targets = targets(BATCH * CATEGORIES);
        AsymmetricLoss loss = new AsymmetricLoss(0, 0, 0);

        GradientCheck.check(Map.of("logits", scaled(gaussian(BATCH * CATEGORIES), 3)),
                Map.of("logits", new Shape(BATCH, CATEGORIES)),
                (manager, arrays) -> loss.compute(arrays.get("logits"),
                        manager.create(targets, new Shape(BATCH, CATEGORIES))));
    }

    @Test
    void binaryKlGradientMatchesFiniteDifferences() throws Exception {
        double[] teacher = new double[BATCH * CATEGORIES];
        for (int i = 0; i < teacher.length; i++) {
            teacher[i] = random.nextDouble();
        }

        GradientCheck.check(Map.of("logits", scaled(gaussian(BATCH * CATEGORIES), 4)),
                Map.of("logits", new Shape(BATCH, CATEGORIES)),
                (manager, arrays) -> DistillationTerms.binaryKl(arrays.get("logits"),
                        manager.create(teacher, new Shape(BATCH, CATEGORIES)), 2.0));
    }

    @Test
    void featureCosineGradientMatchesFiniteDifferences() throws Exception {
        double[] targets = targets(BATCH * CATEGORIES);
        double[] global = gaussian(BATCH * EMBED);

        GradientCheck.check(Map.of("features", gaussian(BATCH * CATEGORIES * EMBED)),
                Map.of("features", new Shape(BATCH, CATEGORIES, EMBED)),
                (manager, arrays) -> DistillationTerms.featureCosine(arrays.get("features"),
                        manager.create(global, new Shape(BATCH, EMBED)),
                        manager.create(targets, new Shape(BATCH, CATEGORIES))));
    }

    @Test
    void contrastiveGradientMatchesFiniteDifferences() throws Exception {
        int samples = 8;
        int[] categories = {0, 1, 2, 0, 1, 0, 2, 1};
        int[] labels = {1, 1, -1, 1, -1, -1, 1, 1};
        MemoryQueue queue = new MemoryQueue(6, EMBED);
        float[] queued = new float[5 * EMBED];
        for (int i = 0; i < 5; i++) {
            double[] vector = normalised(gaussian(EMBED));
            for (int d = 0; d < EMBED; d++) {
                queued[i * EMBED + d] = (float) vector[d];
            }
        }
        queue.enqueue(queued, new int[] {2, 0, 1, 2, 0}, new int[] {1, -1, 1, -1, 1});
        ContrastiveLoss loss = new ContrastiveLoss(0.2, 0.7);

        Map<String, double[]> values = new LinkedHashMap<>();
        values.put("prompts", gaussian(CATEGORIES * EMBED));
        values.put("features", gaussian(samples * EMBED));
        Map<String, Shape> shapes = Map.of("prompts", new Shape(CATEGORIES, EMBED),
                "features", new Shape(samples, EMBED));

        GradientCheck.check(values, shapes, (manager, arrays) -> loss.compute(arrays.get("prompts"),
                arrays.get("features"), categories, labels, queue).total());
    }

    @Test
    void totalObjectiveGradientMatchesFiniteDifferences() throws Exception {
        TrainingConfig config = TrainingConfig.builder().mlpHiddenRatio(0.5).build();
        ModelSpec spec = spec();
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        randomParameters(config, spec, values, shapes);
        double[] dense = gaussian(BATCH * HEIGHT * WIDTH * EMBED);
        double[] global = gaussian(BATCH * EMBED);
        int[] known = {1, -1, 0, 0, 1, -1, -1, 0, 1};
        int[] pseudo = {0, 0, 1, -1, 0, 0, 0, 1, 0};
        double[] teacher = new double[BATCH * CATEGORIES];
        for (int i = 0; i < teacher.length; i++) {
            teacher[i] = random.nextDouble();
        }
        int[] combined = new int[known.length];
        for (int i = 0; i < known.length; i++) {
            combined[i] = known[i] != 0 ? known[i] : pseudo[i];
        }
        ContrastSamples samples = ContrastSamples.select(combined, CATEGORIES, 1, new Random(3));
        TrainingObjective objective = new TrainingObjective(config);

        GradientCheck.check(values, shapes, (manager, arrays) -> {
            TrmModel model = TrmModel.create(new TrainableParameters(manager, DataType.FLOAT64, arrays), config, spec);
            FeatureBatch batch = new FeatureBatch(manager.create(dense, new Shape(BATCH, HEIGHT, WIDTH, EMBED)),
                    manager.create(global, new Shape(BATCH, EMBED)));
            TrainingObjective.Targets targets = new TrainingObjective.Targets(
                    manager.create(toDoubles(known), new Shape(BATCH, CATEGORIES)),
                    manager.create(toDoubles(pseudo), new Shape(BATCH, CATEGORIES)),
                    manager.create(teacher, new Shape(BATCH, CATEGORIES)), samples);
            return objective.compute(model.forward(batch), targets, new MemoryQueue(0, EMBED)).total();
        });
    }

    private void randomParameters(TrainingConfig config, ModelSpec spec, Map<String, double[]> values,
            Map<String, Shape> shapes) {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            TensorState defaults = TrmModel.create(manager, DataType.FLOAT64, config, spec, TensorState.empty())
                    .snapshot();
            for (NamedTensor tensor : defaults.tensors()) {
                double[] data = scaled(gaussian(tensor.valueCount()), 0.5);
                if (tensor.name().equals("head.logitScale")) {
                    data = new double[] {Math.log(10)};
                } else if (tensor.name().equals("head.spatialTemperature")) {
                    data = new double[] {Math.log(0.3)};
                }
                values.put(tensor.name(), data);
                shapes.put(tensor.name(), new Shape(tensor.shape()));
            }
        }
    }

    private ModelSpec spec() {
        return new ModelSpec(toFloats(gaussian(CATEGORIES * EMBED)),
                EmbeddingTextSide.factory(toFloats(gaussian(CATEGORIES * EMBED)), toFloats(gaussian(CATEGORIES * EMBED))));
    }

    private double[] targets(int count) {
        double[] targets = new double[count];
        for (int i = 0; i < count; i++) {
            targets[i] = random.nextInt(3) - 1;
        }
        return targets;
    }

    private double[] gaussian(int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    private static double[] scaled(double[] values, double factor) {
        for (int i = 0; i < values.length; i++) {
            values[i] *= factor;
        }
        return values;
    }

    private static double[] normalised(double[] values) {
        double norm = 0;
        for (double value : values) {
            norm += value * value;
        }
        return scaled(values, 1 / Math.sqrt(norm));
    }

    private static double[] toDoubles(int[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    private static float[][] toFloats(double[] values) {
        float[][] matrix = new float[CATEGORIES][EMBED];
        for (int i = 0; i < values.length; i++) {
            matrix[i / EMBED][i % EMBED] = (float) values[i];
        }
        return matrix;
    }
}
