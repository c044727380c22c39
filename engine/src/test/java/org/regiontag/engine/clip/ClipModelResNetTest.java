package org.regiontag.engine.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.regiontag.engine.clip.Tensors.assertClose;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.nn.ClipBlock;
import org.regiontag.engine.clip.nn.NamedParameter;
import org.regiontag.engine.clip.resnet.ModifiedResNet;
import org.regiontag.engine.clip.resnet.ResNetFeatures;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;

/**
 * A CLIP with a ResNet image tower built from scratch in a {@link ClipBlock}, saved in the
 * OpenAI-names layout and loaded back through {@link ClipModel#load}: the same checkpoint path
 * as real CLIP checkpoints.
 */
class ClipModelResNetTest {

    /** Two stages at 32 px: an 8-fold downsampling to a 4 x 4 grid; 12 channels per pool head. */
    static final ClipConfig CONFIG = new ClipConfig(CheckpointLayout.OPENAI, 24,
            new TextConfig(574, 77, new TransformerConfig(32, 1, 4, 48, Activation.QUICK_GELU, 1e-5)),
            new ResNetVisionConfig(List.of(1, 2), 6, 4, 32, 24));

    @TempDir
    Path temp;

    @Test
    void blockListsResNetTensorsUnderOpenAiNames() {
        ClipBlock block = new ClipBlock(CONFIG);

        Map<String, NamedParameter> named = block.namedParameters();

        ResNetVisionConfig vision = (ResNetVisionConfig) CONFIG.vision();
        Map<String, Shape> visual = ModifiedResNet.checkpointShapes(vision);
        assertThat(block.isResNet()).isTrue();
        visual.forEach((name, shape) -> assertThat(named.get(name)).as(name).isNotNull()
                .extracting(NamedParameter::shape).isEqualTo(shape));
        assertThat(named).containsKeys("token_embedding.weight", "ln_final.bias", "text_projection", "logit_scale");
        assertThat(named.keySet().stream().filter(name -> name.startsWith("visual.")).count())
                .isEqualTo(visual.size());
        assertThatThrownBy(block::visual).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void savedBlockLoadsThroughClipModel() throws IOException {
        Path folder = temp.resolve("model");
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            manager.getEngine().setRandomSeed(17);
            ClipBlock block = new ClipBlock(CONFIG);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32), new Shape(1, 77), new Shape(1));
            ParameterStore store = new ParameterStore(manager, false);
            // One training-mode pass moves the running statistics; CLIP starts each bottleneck's
            // last scale at zero, which would hide the residual branches from the comparison.
            block.resNet().encode(store, manager.randomNormal(new Shape(4, 3, 32, 32)), true);
            block.namedParameters().forEach((name, parameter) -> {
                if (name.endsWith("bn3.weight")) {
                    parameter.parameter().getArray().addi(0.5f);
                }
            });
            save(block, folder);

            NDArray images = manager.randomNormal(new Shape(2, 3, 32, 32));
            ResNetFeatures expected = block.resNet().encode(store, images, false);
            List<String> prompts = List.of("a photo of a dog.", "cat");
            ClipTokenizer.TokenBatch tokens;
            try (ClipModel clip = ClipModel.load(folder, Device.cpu())) {
                tokens = clip.tokenizer().encodeBatch(prompts, false);
                NDArray expectedText = block.text().forward(store, new NDList(
                        manager.create(tokens.ids(), new Shape(tokens.batch(), tokens.length())),
                        manager.create(tokens.eotPositions())), false).singletonOrThrow();

                NDArray global = clip.encodeImage(images);
                ImageFeatures features = clip.encodeImageDense(images, DenseMode.VALUE_PATH);
                NDArray text = clip.encodeText(prompts, manager);

                assertThat(clip.config()).isEqualTo(CONFIG);
                assertThat(clip.preprocessor().config().cropSize()).isEqualTo(32);
                assertThat(features.dense().getShape()).isEqualTo(new Shape(2, 4, 4, 24));
                assertClose("image", global.toFloatArray(), expected.imageEmbeds().toFloatArray(), 1e-5);
                assertClose("global of encodeImageDense", features.global().toFloatArray(),
                        global.toFloatArray(), 0);
                assertClose("dense", features.dense().toFloatArray(), expected.denseFeatures().toFloatArray(), 1e-5);
                assertClose("projected-token mode", clip.encodeImageDense(images, DenseMode.PROJECTED_TOKENS)
                        .dense().toFloatArray(), features.dense().toFloatArray(), 0);
                assertClose("text", text.toFloatArray(), expectedText.toFloatArray(), 1e-5);
                assertThatThrownBy(clip::visual).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    /** Writes {@code config.json}, float32 {@code model.safetensors} and the tiny tokenizer. */
    static void save(ClipBlock block, Path folder) throws IOException {
        java.nio.file.Files.createDirectories(folder);
        ClipConfigWriter.write(folder.resolve(ClipModel.CONFIG_FILE), block.config());
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        block.namedParameters().forEach((name, parameter) ->
                tensors.put(name, SafetensorsWriter.Tensor.of(parameter.parameter().getArray())));
        SafetensorsWriter.write(folder.resolve(ClipModel.WEIGHTS_FILE), tensors);
        ClipTokenizerTest.tinyTokenizer(folder);
    }
}
