package org.regiontag.engine.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;

class ClipConfigReaderTest {

    private static final Path FILE = Path.of("model/config.json");

    private static ClipConfig parse(String json) {
        return ClipConfigReader.parse(FILE, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void huggingFaceConfigIsRead() {
        ClipConfig config = parse("""
                {"projection_dim": 24,
                 "text_config": {"hidden_size": 40, "num_attention_heads": 5, "num_hidden_layers": 2,
                   "intermediate_size": 72, "hidden_act": "gelu", "layer_norm_eps": 3e-5, "vocab_size": 574,
                   "max_position_embeddings": 77, "eos_token_id": 2},
                 "vision_config": {"hidden_size": 48, "num_attention_heads": 3, "num_hidden_layers": 2,
                   "intermediate_size": 80, "image_size": 40, "patch_size": 8, "layer_norm_eps": 1e-6}}
                """);

        assertThat(config.layout()).isEqualTo(CheckpointLayout.HUGGING_FACE);
        assertThat(config.embedDim()).isEqualTo(24);
        assertThat(config.text()).isEqualTo(new TextConfig(574, 77,
                new TransformerConfig(40, 2, 5, 72, Activation.GELU, 3e-5)));
        assertThat(config.vision()).isEqualTo(new VitConfig(40, 8,
                new TransformerConfig(48, 2, 3, 80, Activation.QUICK_GELU, 1e-6)));
        assertThat(((VitConfig) config.vision()).gridSize()).isEqualTo(5);
        assertThat(config.text().transformer().headWidth()).isEqualTo(8);
    }

    @Test
    void absentHuggingFaceKeysTakeLibraryDefaults() {
        ClipConfig config = parse("{\"text_config\": {}, \"vision_config\": {\"patch_size\": 16}}");

        assertThat(config.embedDim()).isEqualTo(512);
        assertThat(config.text()).isEqualTo(new TextConfig(49408, 77,
                new TransformerConfig(512, 12, 8, 2048, Activation.QUICK_GELU, 1e-5)));
        assertThat(config.vision()).isEqualTo(new VitConfig(224, 16,
                new TransformerConfig(768, 12, 12, 3072, Activation.QUICK_GELU, 1e-5)));
    }

    @Test
    void oldDictSectionsAreRead() {
        ClipConfig config = parse("{\"text_config\": null, \"text_config_dict\": {\"hidden_size\": 64, "
                + "\"num_attention_heads\": 4}, \"vision_config_dict\": {}}");

        assertThat(config.text().transformer().width()).isEqualTo(64);
    }

    @Test
    void openAiConfigIsRead() {
        ClipConfig config = parse("""
                {"format": "regiontag-clip-openai", "format_version": 1, "embed_dim": 512,
                 "text": {"vocab_size": 49408, "context_length": 77, "width": 512, "heads": 8, "layers": 12,
                   "mlp_width": 2048},
                 "vision": {"type": "vit", "image_size": 224, "patch_size": 16, "width": 768, "heads": 12,
                   "layers": 12, "mlp_width": 3072, "activation": "gelu", "layer_norm_eps": 1e-6}}
                """);

        assertThat(config.layout()).isEqualTo(CheckpointLayout.OPENAI);
        assertThat(config.text().transformer().activation()).isEqualTo(Activation.QUICK_GELU);
        assertThat(config.vision()).isEqualTo(new VitConfig(224, 16,
                new TransformerConfig(768, 12, 12, 3072, Activation.GELU, 1e-6)));
    }

    @Test
    void openAiConfigRequiresEverySize() {
        assertThatThrownBy(() -> parse("""
                {"format": "regiontag-clip-openai", "embed_dim": 512,
                 "text": {"vocab_size": 49408, "context_length": 77, "width": 512, "heads": 8, "layers": 12},
                 "vision": {"type": "vit"}}
                """))
                .isInstanceOf(UserInputException.class)
                .hasMessage("model/config.json: invalid text.mlp_width: the field is missing");
    }

    @Test
    void resnetTowerIsRead() {
        ClipConfig config = parse("""
                {"format": "regiontag-clip-openai", "format_version": 1, "embed_dim": 128,
                 "text": {"vocab_size": 900, "context_length": 32, "width": 128, "heads": 2, "layers": 3,
                   "mlp_width": 512},
                 "vision": {"type": "resnet", "layers": [2, 2], "width": 16, "heads": 4, "image_size": 64,
                   "output_dim": 128}}
                """);

        assertThat(config.layout()).isEqualTo(CheckpointLayout.OPENAI);
        assertThat(config.vision()).isEqualTo(new ResNetVisionConfig(List.of(2, 2), 16, 4, 64, 128));
        assertThat(config.vision().type()).isEqualTo("resnet");
        assertThat(config.vision().imageSize()).isEqualTo(64);
        assertThat(config.text().contextLength()).isEqualTo(32);
    }

    @Test
    void resnetOutputDimMustEqualEmbedDim() {
        assertThatThrownBy(() -> parse("""
                {"format": "regiontag-clip-openai", "embed_dim": 64,
                 "text": {"vocab_size": 10, "context_length": 77, "width": 8, "heads": 1, "layers": 1, "mlp_width": 8},
                 "vision": {"type": "resnet", "layers": [1], "width": 8, "heads": 2, "image_size": 32,
                   "output_dim": 32}}
                """))
                .isInstanceOf(UserInputException.class)
                .hasMessage("model/config.json: invalid embed_dim: vision.output_dim 32 differs from embed_dim 64;"
                        + " the ResNet's output is the joint embedding");
    }

    @Test
    void resnetSizesAreRequired() {
        assertThatThrownBy(() -> parse("{\"format\": \"regiontag-clip-openai\", \"embed_dim\": 1024, "
                + "\"text\": {\"vocab_size\": 10, \"context_length\": 77, \"width\": 8, \"heads\": 1, \"layers\": 1, "
                + "\"mlp_width\": 8}, \"vision\": {\"type\": \"resnet\"}}"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("model/config.json: invalid vision.layers: the field is missing");
    }

    @Test
    void unknownActivationListsChoices() {
        assertThatThrownBy(() -> parse("{\"text_config\": {\"hidden_act\": \"relu\"}, \"vision_config\": {}}"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("model/config.json: invalid text_config.hidden_act: unknown activation 'relu'; "
                        + "expected one of quick_gelu, gelu");
    }

    @Test
    void widthMustDivideByHeads() {
        assertThatThrownBy(() -> parse("{\"text_config\": {\"hidden_size\": 100, \"num_attention_heads\": 8}, "
                + "\"vision_config\": {}}"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("invalid text_config")
                .hasMessageContaining("width 100 is not divisible by heads 8");
    }

    @Test
    void nonPositiveSizeIsRejected() {
        assertThatThrownBy(() -> parse("{\"text_config\": {}, \"vision_config\": {\"patch_size\": 0}}"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("model/config.json: invalid vision_config.patch_size: expected a positive integer, found 0");
    }

    @Test
    void unknownLayoutNamesBothLayouts() {
        assertThatThrownBy(() -> parse("{\"hidden_size\": 3}"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("text_config and vision_config")
                .hasMessageContaining("regiontag-clip-openai");
    }

    @Test
    void invalidJsonIsReported() {
        assertThatThrownBy(() -> parse("{\"text_config\": "))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("model/config.json: not valid JSON");
    }

    @Test
    void newerFormatVersionIsRejected() {
        assertThatThrownBy(() -> parse("{\"format\": \"regiontag-clip-openai\", \"format_version\": 2}"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("format version 2 is newer");
    }
}
