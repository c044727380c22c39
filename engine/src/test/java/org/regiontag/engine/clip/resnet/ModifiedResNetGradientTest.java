package org.regiontag.engine.clip.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.regiontag.engine.Djl;

/**
 * Checks the gradients that autograd computes through {@link ModifiedResNet} against central
 * finite differences in float64, on a tiny 2-stage tower run at an input size that resizes the
 * positional embedding, so the bicubic path is checked too.
 */
class ModifiedResNetGradientTest {

    private static final ResNetVisionConfig TINY = new ResNetVisionConfig(List.of(1, 1), 4, 2, 16, 6);
    /** 24 px gives a 3 × 3 last map where the checkpoint's grid is 2 × 2. */
    private static final int INPUT_SIZE = 24;
    private static final double STEP = 1e-6;
    private static final int SAMPLES_PER_PARAMETER = 3;

    @ParameterizedTest(name = "training = {0}")
    @ValueSource(booleans = {false, true})
    void gradientsMatchFiniteDifferences(boolean training) {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            Random random = new Random(11);
            ModifiedResNet tower = ModifiedResNet.fromTensors(TINY, randomTensors(manager, random), manager,
                    DataType.FLOAT64, "random tensors");
            tower.setTrainable(true);
            ParameterStore parameterStore = new ParameterStore(manager, false);

            NDArray images = gaussian(manager, random, new Shape(2, 3, INPUT_SIZE, INPUT_SIZE), 1.0);
            NDArray embedWeights = gaussian(manager, random, new Shape(2, TINY.outputDim()), 1.0);
            NDArray denseWeights = gaussian(manager, random, new Shape(2, 3, 3, TINY.outputDim()), 1.0);
            images.setRequiresGradient(true);

            Map<String, double[]> gradients = new HashMap<>();
            try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                NDArray loss = loss(tower, parameterStore, images, embedWeights, denseWeights, training);
                collector.backward(loss);
            }
            tower.parametersByName().forEach((name, parameter) -> {
                if (parameter.requiresGradient()) {
                    gradients.put(name, parameter.getArray().getGradient().toDoubleArray());
                }
            });
            gradients.put("images", images.getGradient().toDoubleArray());
            images.setRequiresGradient(false);

            int checked = 0;
            for (Map.Entry<String, Parameter> entry : tower.parametersByName().entrySet()) {
                if (!entry.getValue().requiresGradient()) {
                    continue;
                }
                checked += checkEntries(entry.getKey(), entry.getValue().getArray(), gradients.get(entry.getKey()),
                        random, () -> loss(tower, parameterStore, images, embedWeights, denseWeights, training));
            }
            checked += checkEntries("images", images, gradients.get("images"), random,
                    () -> loss(tower, parameterStore, images, embedWeights, denseWeights, training));

            assertThat(gradients.keySet()).as("parameters with gradients").hasSize(expectedTrainable(tower) + 1);
            assertThat(checked).isGreaterThan(120);
        }
    }

    private static int expectedTrainable(ModifiedResNet tower) {
        return (int) tower.parametersByName().keySet().stream()
                .filter(name -> !name.endsWith("running_mean") && !name.endsWith("running_var"))
                .count();
    }

    /** A scalar that every output element feeds with its own random weight. */
    private static NDArray loss(ModifiedResNet tower, ParameterStore parameterStore, NDArray images,
            NDArray embedWeights, NDArray denseWeights, boolean training) {
        ResNetFeatures features = tower.encode(parameterStore, images, training);
        return features.imageEmbeds().mul(embedWeights).sum().add(features.denseFeatures().mul(denseWeights).sum());
    }

    private static int checkEntries(String name, NDArray array, double[] gradient, Random random,
            java.util.function.Supplier<NDArray> loss) {
        assertThat(gradient).as(name + ": gradient").isNotNull();
        Shape shape = array.getShape();
        int count = (int) Math.min(SAMPLES_PER_PARAMETER, shape.size());
        for (int sample = 0; sample < count; sample++) {
            long flat = (long) (random.nextDouble() * shape.size());
            NDIndex index = new NDIndex(unravel(flat, shape));
            double original = array.getDouble(unravel(flat, shape));

            array.set(index, original + STEP);
            double plus = loss.get().getDouble();
            array.set(index, original - STEP);
            double minus = loss.get().getDouble();
            array.set(index, original);

            double numeric = (plus - minus) / (2 * STEP);
            double analytic = gradient[(int) flat];
            assertThat(analytic).as("d loss / d %s[%d]", name, flat)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(numeric)));
        }
        return count;
    }

    private static long[] unravel(long flat, Shape shape) {
        long[] index = new long[shape.dimension()];
        for (int axis = shape.dimension() - 1; axis >= 0; axis--) {
            index[axis] = flat % shape.get(axis);
            flat /= shape.get(axis);
        }
        return index;
    }

    static Map<String, NDArray> randomTensors(NDManager manager, Random random) {
        Map<String, NDArray> tensors = new HashMap<>();
        ModifiedResNet.checkpointShapes(TINY).forEach((name, shape) -> {
            NDArray tensor;
            if (name.endsWith("running_var")) {
                tensor = uniform(manager, random, shape, 0.5, 1.5);
            } else if (name.endsWith("bn1.weight") || name.endsWith("bn2.weight") || name.endsWith("bn3.weight")
                    || name.endsWith("downsample.1.weight")) {
                tensor = uniform(manager, random, shape, 0.5, 1.5);
            } else {
                double fanIn = shape.dimension() > 1 ? shape.size() / shape.get(0) : 1;
                tensor = gaussian(manager, random, shape, Math.min(0.5, 1.0 / Math.sqrt(fanIn)));
            }
            tensors.put(name, tensor);
        });
        return tensors;
    }

    private static NDArray gaussian(NDManager manager, Random random, Shape shape, double std) {
        double[] values = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * std;
        }
        return manager.create(values, shape);
    }

    private static NDArray uniform(NDManager manager, Random random, Shape shape, double low, double high) {
        double[] values = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + random.nextDouble() * (high - low);
        }
        return manager.create(values, shape);
    }
}
