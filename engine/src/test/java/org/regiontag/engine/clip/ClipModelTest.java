package org.regiontag.engine.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.safetensors.SafetensorsFile;
import org.regiontag.engine.clip.safetensors.TensorInfo;

class ClipModelTest {

    @TempDir
    Path temp;

    @Test
    void encodesImagesAtNativeAndOtherSizes() throws IOException {
        try (ClipModel clip = ClipModel.load(TestCheckpoints.writeRandom(temp.resolve("model"), 1), Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray native24 = manager.randomNormal(new Shape(2, 3, 24, 24));
            NDArray wide = manager.randomNormal(new Shape(1, 3, 30, 42));

            NDArray global = clip.encodeImage(native24);
            ImageFeatures features = clip.encodeImageDense(wide, DenseMode.VALUE_PATH);

            assertThat(global.getShape()).isEqualTo(new Shape(2, 16));
            assertThat(features.global().getShape()).isEqualTo(new Shape(1, 16));
            assertThat(features.dense().getShape()).isEqualTo(new Shape(1, 5, 7, 16));
            assertThat(global.isNaN().any().getBoolean()).isFalse();
            assertThat(features.dense().isNaN().any().getBoolean()).isFalse();
            assertThat(clip.logitScale()).isEqualTo((float) Math.exp((float) Math.log(1 / 0.07)));
        }
    }

    @Test
    void frozenEncodersRecordNoGradient() throws IOException {
        try (ClipModel clip = ClipModel.load(TestCheckpoints.writeRandom(temp.resolve("model"), 2), Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray pixels = manager.randomNormal(new Shape(1, 3, 24, 24));
            NDArray image;
            NDArray text;
            try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                image = clip.encodeImage(pixels);
                text = clip.encodeText(List.of("a dog"), manager);
            }

            assertThat(image.hasGradient()).isFalse();
            assertThat(text.hasGradient()).isFalse();
            assertThat(clip.block().namedParameters().values())
                    .allSatisfy(named -> assertThat(named.parameter().requiresGradient()).isFalse());
        }
    }

    @Test
    void fingerprintFollowsWeightsAndConfig() throws IOException {
        Path first = TestCheckpoints.writeRandom(temp.resolve("first"), 3);
        Path copy = TestCheckpoints.writeRandom(temp.resolve("copy"), 3);
        Path other = TestCheckpoints.writeRandom(temp.resolve("other"), 4);

        String firstPrint;
        try (ClipModel clip = ClipModel.load(first, Device.cpu())) {
            firstPrint = clip.fingerprint();
        }
        try (ClipModel clip = ClipModel.load(copy, Device.cpu())) {
            assertThat(clip.fingerprint()).isEqualTo(firstPrint);
        }
        try (ClipModel clip = ClipModel.load(other, Device.cpu())) {
            assertThat(clip.fingerprint()).isNotEqualTo(firstPrint).hasSize(64);
        }
    }

    @Test
    void missingFolderIsNamed() {
        assertThatThrownBy(() -> ClipModel.load(temp.resolve("absent"), Device.cpu()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("absent")
                .hasMessageContaining("not a folder");
    }

    @Test
    void missingConfigIsNamed() throws IOException {
        Path model = TestCheckpoints.writeRandom(temp.resolve("model"), 5);
        Files.delete(model.resolve("config.json"));

        assertThatThrownBy(() -> ClipModel.load(model, Device.cpu()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("config.json: file not found");
    }

    @Test
    void missingWeightsAreNamed() throws IOException {
        Path model = TestCheckpoints.writeRandom(temp.resolve("model"), 5);
        Files.delete(model.resolve("model.safetensors"));

        assertThatThrownBy(() -> ClipModel.load(model, Device.cpu()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("model.safetensors: file not found");
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path model = TestCheckpoints.writeRandom(temp.resolve("model"), 6);
        rewriteWithout(model.resolve("model.safetensors"), "visual.transformer.resblocks.1.attn.in_proj_bias");

        assertThatThrownBy(() -> ClipModel.load(model, Device.cpu()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("tensor 'visual.transformer.resblocks.1.attn.in_proj_bias' not found");
    }

    @Test
    void wrongShapeNamesExpectedAndFound() throws IOException {
        Path model = TestCheckpoints.writeRandom(temp.resolve("model"), 7);
        Path config = model.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"mlp_width\" : 56", "\"mlp_width\" : 60"));

        assertThatThrownBy(() -> ClipModel.load(model, Device.cpu()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("tensor 'transformer.resblocks.0.mlp.c_fc.weight' has shape (56, 32)")
                .hasMessageContaining("config.json implies (60, 32)");
    }

    @Test
    void vocabularySmallerThanTokenizerIsRejected() throws IOException {
        Path model = TestCheckpoints.writeRandom(temp.resolve("model"), 8);
        Path config = model.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"vocab_size\" : 574", "\"vocab_size\" : 500"));

        assertThatThrownBy(() -> ClipModel.load(model, Device.cpu()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("tokenizer.json")
                .hasMessageContaining("id 572 for '<|startoftext|>' is outside the text tower's vocabulary of 500 tokens");
    }

    /** Rewrites a safetensors file without one tensor. */
    private static void rewriteWithout(Path file, String dropped) throws IOException {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            for (TensorInfo info : weights.tensors()) {
                if (!info.name().equals(dropped)) {
                    tensors.put(info.name(), weights.readFloats(info.name()));
                    shapes.put(info.name(), info.shape());
                }
            }
        }
        TestCheckpoints.writeSafetensors(file, tensors, shapes);
    }
}
