package org.regiontag.engine.clip.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.regiontag.engine.Djl;

/**
 * Compares {@link ModifiedResNet} with the PyTorch reference on random checkpoints of odd sizes:
 * the image embedding and the dense features, at the checkpoint's input size and at one where the
 * positional embedding must be resized, in inference and in training mode.
 */
@Tag("python")
class ModifiedResNetReferenceTest {

    /** Absolute tolerance on normalised inputs; the reference runs in float64, we run in float32. */
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path folder;

    static Stream<Arguments> towers() {
        return Stream.of(
                // RN50's four stages at a tiny width; 48 channels per head.
                Arguments.of("3,4,6,3", 6, 4, 64, 40, 96),
                // Two stages: the demo's 8 x 8 grid at 64 px; 32 channels per head.
                Arguments.of("1,2", 8, 2, 64, 40, 80),
                // Three stages; 16 channels per head.
                Arguments.of("2,1,1", 4, 4, 48, 24, 64));
    }

    @ParameterizedTest(name = "layers {0}, width {1}, {2} heads, {3} px checkpoint run at {5} px")
    @MethodSource("towers")
    void matchesReference(String layers, int width, int heads, int imageSize, int outputDim, int otherSize)
            throws Exception {
        Path checkpoint = folder.resolve("checkpoint");
        PythonReference.run("checkpoint", "--out", checkpoint.toString(), "--layers", layers,
                "--width", String.valueOf(width), "--heads", String.valueOf(heads),
                "--image-size", String.valueOf(imageSize), "--output-dim", String.valueOf(outputDim),
                "--text-width", "32", "--text-layers", "1", "--text-heads", "2", "--vocab-size", "1000");

        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            JsonNode config = new ObjectMapper().readTree(checkpoint.resolve("config.json").toFile());
            ResNetVisionConfig vision = ResNetVisionConfig.fromJson(config.get("vision"), "config.json");
            Map<String, NDArray> tensors = PythonReference.readTensors(manager,
                    checkpoint.resolve("model.safetensors"));

            for (int inputSize : new int[] {imageSize, otherSize}) {
                Path reference = folder.resolve("reference-" + inputSize + ".safetensors");
                PythonReference.run("reference", "--model", checkpoint.toString(), "--out", reference.toString(),
                        "--input-size", String.valueOf(inputSize));
                Map<String, NDArray> expected = PythonReference.readTensors(manager, reference);

                compareInference(vision, tensors, expected, manager, inputSize);
                compareTraining(vision, tensors, expected, manager, inputSize);
            }
        }
    }

    private static void compareInference(ResNetVisionConfig vision, Map<String, NDArray> tensors,
            Map<String, NDArray> expected, NDManager manager, int inputSize) {
        ModifiedResNet tower = ModifiedResNet.fromTensors(vision, tensors, manager);
        ResNetFeatures features = tower.encode(new ParameterStore(manager, false), expected.get("images"), false);

        int grid = inputSize / vision.downsampling();
        assertThat(features.imageEmbeds().getShape().getShape()).containsExactly(2, vision.outputDim());
        assertThat(features.denseFeatures().getShape().getShape()).containsExactly(2, grid, grid, vision.outputDim());
        assertClose("image_embeds at " + inputSize + " px", features.imageEmbeds(), expected.get("image_embeds"));
        assertClose("dense at " + inputSize + " px", features.denseFeatures(), expected.get("dense"));
    }

    private static void compareTraining(ResNetVisionConfig vision, Map<String, NDArray> tensors,
            Map<String, NDArray> expected, NDManager manager, int inputSize) {
        ModifiedResNet tower = ModifiedResNet.fromTensors(vision, tensors, manager);
        ResNetFeatures features = tower.encode(new ParameterStore(manager, false), expected.get("images"), true);

        assertClose("training image_embeds at " + inputSize + " px", features.imageEmbeds(),
                expected.get("train.image_embeds"));
        assertClose("training dense at " + inputSize + " px", features.denseFeatures(), expected.get("train.dense"));
        tower.parametersByName().forEach((name, parameter) -> {
            if (name.endsWith("running_mean") || name.endsWith("running_var")) {
                assertClose("running statistic " + name + " after one training step at " + inputSize + " px",
                        parameter.getArray(), expected.get("train." + ModifiedResNet.CHECKPOINT_PREFIX + name));
            }
        });
    }

    static void assertClose(String what, NDArray actual, NDArray expected) {
        assertThat(expected).as(what + ": reference output").isNotNull();
        assertThat(actual.getShape()).as(what + ": shape").isEqualTo(expected.getShape());
        float[] actualValues = actual.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        float[] expectedValues = expected.toFloatArray();
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < actualValues.length; i++) {
            assertThat(Float.isFinite(actualValues[i])).as(what + ": finite at index " + i).isTrue();
            double difference = Math.abs(actualValues[i] - expectedValues[i]);
            if (difference > worst) {
                worst = difference;
                worstIndex = i;
            }
        }
        assertThat(worst).as(what + ": largest absolute difference (at flat index " + worstIndex + ")")
                .isLessThanOrEqualTo(TOLERANCE);
    }
}
