package org.regiontag.engine.clip.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.openai.OpenAiClipArchitecture.TextSizes;
import org.regiontag.engine.clip.openai.OpenAiClipArchitecture.TransformerSizes;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;

class OpenAiClipArchitectureTest {

    private static final TextSizes CLIP_TEXT = new TextSizes(49408, 77, new TransformerSizes(512, 12, 8, 2048, 0, 0));
    private static final OpenAiClipArchitecture RN50 =
            new OpenAiClipArchitecture(1024, ResNetVisionConfig.rn50(), null, CLIP_TEXT);
    private static final OpenAiClipArchitecture RN101 =
            new OpenAiClipArchitecture(512, ResNetVisionConfig.rn101(), null, CLIP_TEXT);
    private static final OpenAiClipArchitecture VIT_B_16 = new OpenAiClipArchitecture(512, null,
            new TransformerSizes(768, 12, 12, 3072, 16, 224), CLIP_TEXT);

    @Test
    void rn50SizesAreInferredFromShapes() {
        assertThat(OpenAiClipArchitecture.infer(shapesOf(RN50), "RN50.pt")).isEqualTo(RN50);
    }

    @Test
    void rn101SizesAreInferredFromShapes() {
        assertThat(OpenAiClipArchitecture.infer(shapesOf(RN101), "RN101.pt")).isEqualTo(RN101);
    }

    @Test
    void vitB16SizesAreInferredFromShapes() {
        assertThat(OpenAiClipArchitecture.infer(shapesOf(VIT_B_16), "ViT-B-16.pt")).isEqualTo(VIT_B_16);
    }

    @Test
    void rn50TableCountsEveryFloatTensor() {
        // 284 image-tower tensors; the text tower adds token and positional embeddings, 12 tensors
        // in each of its 12 blocks, ln_final's two, text_projection and logit_scale. The PyTorch
        // reference's RN50 CLIP has the same 434 floating-point tensors in its state dict.
        assertThat(RN50.expectedShapes()).hasSize(284 + 2 + 12 * 12 + 2 + 1 + 1);
    }

    @Test
    void missingTensorsAreNamed() {
        Map<String, long[]> shapes = shapesOf(RN50);
        shapes.remove("visual.layer3.5.bn2.running_var");
        shapes.remove("transformer.resblocks.11.mlp.c_proj.bias");

        assertThatThrownBy(() -> OpenAiArchiveConverter.checkTensors(Path.of("RN50.pt"), RN50.expectedShapes(), shapes))
                .isInstanceOf(UserInputException.class)
                .hasMessage("RN50.pt: 2 tensor(s) of an OpenAI CLIP are missing, first "
                        + "visual.layer3.5.bn2.running_var, transformer.resblocks.11.mlp.c_proj.bias");
    }

    @Test
    void unexpectedShapeShowsBoth() {
        Map<String, long[]> shapes = shapesOf(RN50);
        shapes.put("visual.layer2.0.conv2.weight", new long[] {128, 128, 1, 1});

        assertThatThrownBy(() -> OpenAiArchiveConverter.checkTensors(Path.of("RN50.pt"), RN50.expectedShapes(), shapes))
                .isInstanceOf(UserInputException.class)
                .hasMessage("RN50.pt: tensor 'visual.layer2.0.conv2.weight' has shape (128, 128, 1, 1); the sizes"
                        + " inferred from the archive imply (128, 128, 3, 3)");
    }

    @Test
    void neitherTowerIsReported() {
        Map<String, long[]> shapes = shapesOf(RN50);
        shapes.keySet().removeIf(name -> name.startsWith("visual."));

        assertThatThrownBy(() -> OpenAiClipArchitecture.infer(shapes, "other.pt"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("other.pt: not an OpenAI CLIP: it has neither visual.proj (a ViT) nor"
                        + " visual.layer1.0.conv1.weight (a ResNet)");
    }

    @Test
    void missingTextTowerIsNamed() {
        Map<String, long[]> shapes = shapesOf(VIT_B_16);
        shapes.remove("ln_final.weight");

        assertThatThrownBy(() -> OpenAiClipArchitecture.infer(shapes, "ViT-B-16.pt"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("ViT-B-16.pt: 1 tensor(s) of an OpenAI CLIP are missing, first ln_final.weight");
    }

    @Test
    void narrowTowerCannotGuessHeads() {
        OpenAiClipArchitecture narrow = new OpenAiClipArchitecture(24,
                new ResNetVisionConfig(java.util.List.of(1, 1), 4, 2, 32, 24), null, CLIP_TEXT);

        assertThatThrownBy(() -> OpenAiClipArchitecture.infer(shapesOf(narrow), "narrow.pt"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("64 channels per head, but this tower is 32 wide");
    }

    private static Map<String, long[]> shapesOf(OpenAiClipArchitecture architecture) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> entry : architecture.expectedShapes().entrySet()) {
            shapes.put(entry.getKey(), entry.getValue().getShape());
        }
        return shapes;
    }
}
