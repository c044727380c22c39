package org.regiontag.engine.clip.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.ClipTokenizer;
import org.regiontag.engine.clip.DenseMode;
import org.regiontag.engine.clip.ImageFeatures;

/**
 * A ResNet CLIP checkpoint written by the PyTorch reference, loaded through {@link ClipModel}
 * like any checkpoint: image embeddings, dense features and text embeddings agree with the
 * float64 reference within 1e-4 absolute on the same normalised inputs and token ids.
 */
@Tag("python")
class ClipModelResNetReferenceTest {

    /** Float32 against float64 through a few layers of order-one activations. */
    private static final double TOLERANCE = 1e-4;
    private static final List<String> PROMPTS = List.of("a photo of a dog.", "teddy bear", "a cat on a table",
            "cell phone");

    @TempDir
    Path folder;

    @ParameterizedTest(name = "layers {0}, width {1}, {2} heads, {3} px checkpoint run at {4} px")
    @CsvSource({
        // The demo's shape: two stages, an 8 x 8 grid at 64 px; 20 channels per pool head.
        "'1,2', 10, 4, 64, 64",
        // Three stages, run at another size so that the positional embedding is resized.
        "'2,1,1', 4, 2, 48, 80",
    })
    void matchesReference(String layers, int width, int heads, int imageSize, int inputSize) throws Exception {
        Path checkpoint = folder.resolve("checkpoint");
        PythonReference.run("checkpoint", "--out", checkpoint.toString(), "--layers", layers,
                "--width", String.valueOf(width), "--heads", String.valueOf(heads),
                "--image-size", String.valueOf(imageSize), "--output-dim", "36",
                "--text-width", "40", "--text-layers", "2", "--text-heads", "5", "--vocab-size", "600",
                "--context-length", "20", "--tokenizer", tinyTokenizer().toString());

        try (ClipModel clip = ClipModel.load(checkpoint, Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            ClipTokenizer.TokenBatch tokens = clip.tokenizer().encodeBatch(PROMPTS, true);
            Path ids = folder.resolve("ids.json");
            new ObjectMapper().writeValue(ids.toFile(), rows(tokens));
            Path reference = folder.resolve("reference.safetensors");
            PythonReference.run("reference", "--model", checkpoint.toString(), "--out", reference.toString(),
                    "--input-size", String.valueOf(inputSize), "--token-ids", ids.toString());
            Map<String, NDArray> expected = PythonReference.readTensors(manager, reference);

            NDArray images = expected.get("images");
            NDArray global = clip.encodeImage(images);
            ImageFeatures features = clip.encodeImageDense(images, DenseMode.VALUE_PATH);
            NDArray text = clip.encodeText(PROMPTS, manager);

            int grid = inputSize / ((ResNetVisionConfig) clip.config().vision()).downsampling();
            assertThat(features.dense().getShape()).isEqualTo(new Shape(2, grid, grid, 36));
            ModifiedResNetReferenceTest.assertClose("image_embeds", global, expected.get("image_embeds"));
            ModifiedResNetReferenceTest.assertClose("global of encodeImageDense", features.global(),
                    expected.get("image_embeds"));
            ModifiedResNetReferenceTest.assertClose("dense", features.dense(), expected.get("dense"));
            ModifiedResNetReferenceTest.assertClose("text_embeds", text, expected.get("text_embeds"));
        }
    }

    private static long[][] rows(ClipTokenizer.TokenBatch tokens) {
        long[][] rows = new long[tokens.batch()][];
        for (int row = 0; row < tokens.batch(); row++) {
            rows[row] = Arrays.copyOfRange(tokens.ids(), row * tokens.length(), (row + 1) * tokens.length());
        }
        return rows;
    }

    private static Path tinyTokenizer() throws URISyntaxException {
        return Path.of(ClipModelResNetReferenceTest.class.getResource("/org/regiontag/engine/clip/tiny-tokenizer.json")
                .toURI());
    }
}
