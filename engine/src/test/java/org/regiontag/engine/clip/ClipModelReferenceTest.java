package org.regiontag.engine.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.regiontag.engine.clip.Tensors.assertClose;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.regiontag.engine.Djl;

/**
 * Our ViT CLIP against the independent float64 PyTorch reference, on random checkpoints of odd
 * sizes: image, dense (both variants) and text embeddings agree within 1e-4 absolute for the same
 * normalised inputs.
 */
@Tag("python")
class ClipModelReferenceTest {

    /** Float32 against float64 through a few layers of order-one activations. */
    private static final double TOLERANCE = 1e-4;
    private static final List<String> PROMPTS = List.of("a photo of a dog.", "teddy bear", "a person on a motorbike",
            "cell phone");

    @TempDir
    Path temp;

    @BeforeEach
    void requirePython() {
        PythonReference.assumeAvailable();
    }

    @ParameterizedTest(name = "{0}, {1} px input")
    @CsvSource({
        "odd-quick, 40, 40",
        "odd-gelu, 42, 42",
        "odd-quick, 56, 48",
        "odd-gelu, 30, 54",
    })
    void imageEmbeddingsMatchReference(String variant, int height, int width) throws IOException {
        Path model = PythonReference.makeCheckpoint(temp.resolve("model"), "--variant", variant, "--seed", "7");
        long[] shape = {2, 3, height, width};
        float[] pixels = Tensors.gaussian(height * 1000L + width, 2 * 3 * height * width);

        JsonNode expected = PythonReference.embed(model, temp, pixels, shape, null);

        try (ClipModel clip = ClipModel.load(model, Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray input = manager.create(pixels, new Shape(shape));
            NDArray image = clip.encodeImage(input);
            ImageFeatures projected = clip.encodeImageDense(input, DenseMode.PROJECTED_TOKENS);
            ImageFeatures valuePath = clip.encodeImageDense(input, DenseMode.VALUE_PATH);

            int patch = ((VitConfig) clip.config().vision()).patchSize();
            assertThat(projected.dense().getShape())
                    .isEqualTo(new Shape(2, height / patch, width / patch, clip.config().embedDim()));
            assertClose("image_embeds", image.toFloatArray(), PythonReference.flatten(expected.get("image_embeds")), TOLERANCE);
            assertClose("global of encodeImageDense", projected.global().toFloatArray(), image.toFloatArray(), 0);
            assertClose("dense", projected.dense().toFloatArray(), PythonReference.flatten(expected.get("dense")), TOLERANCE);
            assertClose("dense_value_path", valuePath.dense().toFloatArray(),
                    PythonReference.flatten(expected.get("dense_value_path")), TOLERANCE);
            assertThat(image.getManager()).isSameAs(manager);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"odd-quick", "odd-gelu"})
    void textEmbeddingsMatchReference(String variant) throws IOException {
        Path model = PythonReference.makeCheckpoint(temp.resolve("model"), "--variant", variant, "--seed", "3");

        try (ClipModel clip = ClipModel.load(model, Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            ClipTokenizer.TokenBatch batch = clip.tokenizer().encodeBatch(PROMPTS, true);
            long[][] ids = new long[batch.batch()][];
            for (int row = 0; row < batch.batch(); row++) {
                ids[row] = java.util.Arrays.copyOfRange(batch.ids(), row * batch.length(), (row + 1) * batch.length());
            }
            JsonNode expected = PythonReference.embed(model, temp, null, null, ids);

            NDArray text = clip.encodeText(PROMPTS, manager);

            assertThat(text.getShape()).isEqualTo(new Shape(PROMPTS.size(), clip.config().embedDim()));
            assertClose("text_embeds", text.toFloatArray(), PythonReference.flatten(expected.get("text_embeds")), TOLERANCE);
            assertThat((double) clip.logitScale()).isCloseTo(expected.get("logit_scale").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @ParameterizedTest(name = "{0} weights")
    @ValueSource(strings = {"f16", "bf16"})
    void halfPrecisionCheckpointsMatchReference(String dtype) throws IOException {
        Path model = PythonReference.makeCheckpoint(temp.resolve("model"), "--dtype", dtype, "--seed", "5");
        long[] shape = {1, 3, 40, 40};
        float[] pixels = Tensors.gaussian(11, 3 * 40 * 40);

        JsonNode expected = PythonReference.embed(model, temp, pixels, shape, null);

        try (ClipModel clip = ClipModel.load(model, Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray image = clip.encodeImage(manager.create(pixels, new Shape(shape)));

            assertClose("image_embeds", image.toFloatArray(), PythonReference.flatten(expected.get("image_embeds")), TOLERANCE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"odd-quick", "odd-gelu"})
    void openAiLayoutEqualsHuggingFaceLayout(String variant) {
        Path huggingFace = PythonReference.makeCheckpoint(temp.resolve("hf"), "--variant", variant, "--seed", "9");
        Path openAi = PythonReference.makeCheckpoint(temp.resolve("openai"), "--variant", variant, "--seed", "9",
                "--layout", "openai");
        VitConfig vit;
        try (ClipModel reference = ClipModel.load(huggingFace, Device.cpu())) {
            vit = (VitConfig) reference.config().vision();
        }
        long[] shape = {1, 3, vit.imageSize(), vit.imageSize()};
        float[] pixels = Tensors.gaussian(13, 3 * vit.imageSize() * vit.imageSize());

        try (ClipModel fromHuggingFace = ClipModel.load(huggingFace, Device.cpu());
                ClipModel fromOpenAi = ClipModel.load(openAi, Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray input = manager.create(pixels, new Shape(shape));

            assertThat(fromOpenAi.config().layout()).isEqualTo(CheckpointLayout.OPENAI);
            assertClose("image", fromOpenAi.encodeImage(input).toFloatArray(),
                    fromHuggingFace.encodeImage(input).toFloatArray(), 1e-6);
            assertClose("text", fromOpenAi.encodeText(PROMPTS, manager).toFloatArray(),
                    fromHuggingFace.encodeText(PROMPTS, manager).toFloatArray(), 1e-6);
        }
    }
}
