package org.regiontag.engine.clip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;

/**
 * Reads a checkpoint's {@code config.json} in either layout of {@link CheckpointLayout}.
 *
 * <p>Hugging Face layout: absent keys take the defaults of the {@code transformers} library's
 * {@code CLIPTextConfig} and {@code CLIPVisionConfig}, because that is what the library itself
 * does with such a file. {@code eos_token_id} is ignored on purpose: several published configs
 * carry a wrong one, and the text tower finds the end-of-text token through the tokenizer.
 *
 * <p>OpenAI-names layout (RegionTag's own): every size is required except {@code activation}
 * (default {@code quick_gelu}, what OpenAI trained all its CLIPs with) and {@code layer_norm_eps}
 * (default 1e-5, PyTorch's {@code nn.LayerNorm} default that OpenAI's code relies on). The
 * image tower is a ViT ({@code "vision": {"type": "vit", ...}}) or a ResNet
 * ({@code "type": "resnet"}, read by {@link ResNetVisionConfig#fromJson}), whose
 * {@code output_dim} must equal {@code embed_dim}.
 */
public final class ClipConfigReader {

    /** The {@code format} value of RegionTag's OpenAI-names {@code config.json}. */
    public static final String OPENAI_FORMAT = "regiontag-clip-openai";
    /** The newest {@code format_version} this reader understands. */
    public static final int OPENAI_FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    private ClipConfigReader(Path file) {
        this.file = file;
    }

    /**
     * Reads and validates a {@code config.json}.
     *
     * @throws UserInputException naming the file and the field when it is missing, unreadable or invalid
     */
    public static ClipConfig read(Path configFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(configFile);
        } catch (NoSuchFileException e) {
            throw new UserInputException(ClipMessages.format("config.missing", configFile));
        } catch (IOException e) {
            throw new UserInputException(ClipMessages.format("config.unreadable", configFile, e.getMessage()), e);
        }
        return parse(configFile, bytes);
    }

    /** Parses the bytes of a {@code config.json}; {@code file} only names it in errors. */
    public static ClipConfig parse(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new UserInputException(ClipMessages.format("config.json", file, e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UserInputException(ClipMessages.format("config.unreadable", file, e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new UserInputException(ClipMessages.format("config.notObject", file));
        }

        ClipConfigReader reader = new ClipConfigReader(file);
        if (root.has("text_config") || root.has("vision_config")) {
            return reader.readHuggingFace(root);
        }
        JsonNode format = root.get("format");
        if (format != null && OPENAI_FORMAT.equals(format.asText())) {
            return reader.readOpenAi(root);
        }
        throw new UserInputException(ClipMessages.format("config.unknownLayout", file, OPENAI_FORMAT));
    }

    private ClipConfig readHuggingFace(JsonNode root) {
        JsonNode text = section(root, "text_config");
        JsonNode vision = section(root, "vision_config");

        TransformerConfig textTransformer = transformer("text_config", text, 512, 12, 8, 2048);
        TextConfig textConfig = build("text_config", () -> new TextConfig(
                intField("text_config", text, "vocab_size", 49408),
                intField("text_config", text, "max_position_embeddings", 77),
                textTransformer));

        int channels = intField("vision_config", vision, "num_channels", 3);
        if (channels != 3) {
            throw fieldError("vision_config.num_channels", ClipMessages.format("config.channels", channels));
        }
        TransformerConfig visionTransformer = transformer("vision_config", vision, 768, 12, 12, 3072);
        VitConfig vitConfig = build("vision_config", () -> new VitConfig(
                intField("vision_config", vision, "image_size", 224),
                intField("vision_config", vision, "patch_size", 32),
                visionTransformer));

        int embedDim = intField("", root, "projection_dim", 512);
        return build("projection_dim", () -> new ClipConfig(CheckpointLayout.HUGGING_FACE, embedDim, textConfig, vitConfig));
    }

    /** Reads one tower's transformer sizes with the given Hugging Face defaults. */
    private TransformerConfig transformer(String section, JsonNode node, int width, int layers, int heads,
            int mlpWidth) {
        int hiddenSize = intField(section, node, "hidden_size", width);
        int numLayers = intField(section, node, "num_hidden_layers", layers);
        int numHeads = intField(section, node, "num_attention_heads", heads);
        int intermediate = intField(section, node, "intermediate_size", mlpWidth);
        Activation activation = activationField(section, node, "hidden_act");
        double eps = doubleField(section, node, "layer_norm_eps", 1e-5);
        return build(section, () -> new TransformerConfig(hiddenSize, numLayers, numHeads, intermediate, activation, eps));
    }

    private ClipConfig readOpenAi(JsonNode root) {
        int version = intField("", root, "format_version", OPENAI_FORMAT_VERSION);
        if (version > OPENAI_FORMAT_VERSION) {
            throw fieldError("format_version", ClipMessages.format("config.newerVersion", version, OPENAI_FORMAT_VERSION));
        }
        JsonNode text = section(root, "text");
        JsonNode vision = section(root, "vision");

        TransformerConfig textTransformer = openAiTransformer("text", text);
        TextConfig textConfig = build("text", () -> new TextConfig(
                requiredInt("text", text, "vocab_size"), requiredInt("text", text, "context_length"), textTransformer));

        JsonNode typeNode = vision.get("type");
        String type = typeNode == null ? "" : typeNode.asText();
        VisionConfig visionConfig;
        if (VitConfig.TYPE.equals(type)) {
            TransformerConfig visionTransformer = openAiTransformer("vision", vision);
            visionConfig = build("vision", () -> new VitConfig(requiredInt("vision", vision, "image_size"),
                    requiredInt("vision", vision, "patch_size"), visionTransformer));
        } else if (ResNetVisionConfig.TYPE.equals(type)) {
            visionConfig = ResNetVisionConfig.fromJson(vision, file.toString());
        } else {
            throw fieldError("vision.type", ClipMessages.format("config.visionType", type));
        }

        int embedDim = requiredInt("", root, "embed_dim");
        return build("embed_dim", () -> new ClipConfig(CheckpointLayout.OPENAI, embedDim, textConfig, visionConfig));
    }

    private TransformerConfig openAiTransformer(String section, JsonNode node) {
        int width = requiredInt(section, node, "width");
        int layers = requiredInt(section, node, "layers");
        int heads = requiredInt(section, node, "heads");
        int mlpWidth = requiredInt(section, node, "mlp_width");
        Activation activation = activationField(section, node, "activation");
        double eps = doubleField(section, node, "layer_norm_eps", 1e-5);
        return build(section, () -> new TransformerConfig(width, layers, heads, mlpWidth, activation, eps));
    }

    private JsonNode section(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            // Old transformers releases wrote the sizes under *_dict and left the plain key empty.
            node = root.get(name + "_dict");
        }
        if (node == null || !node.isObject()) {
            throw fieldError(name, ClipMessages.format("config.sectionMissing"));
        }
        return node;
    }

    private int intField(String section, JsonNode node, String key, int defaultValue) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.asInt() <= 0) {
            throw fieldError(qualified(section, key), ClipMessages.format("config.positiveInteger", value.toString()));
        }
        return value.asInt();
    }

    private int requiredInt(String section, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw fieldError(qualified(section, key), ClipMessages.format("config.fieldMissing"));
        }
        return intField(section, node, key, 0);
    }

    private double doubleField(String section, JsonNode node, String key, double defaultValue) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isNumber() || !(value.asDouble() > 0) || Double.isInfinite(value.asDouble())) {
            throw fieldError(qualified(section, key), ClipMessages.format("config.positiveNumber", value.toString()));
        }
        return value.asDouble();
    }

    private Activation activationField(String section, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Activation.QUICK_GELU;
        }
        return Activation.fromConfigName(value.asText()).orElseThrow(() -> fieldError(qualified(section, key),
                ClipMessages.format("config.activation", value.asText(), Activation.choices())));
    }

    private <T> T build(String section, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw fieldError(section.isEmpty() ? "(top level)" : section, e.getMessage());
        }
    }

    private UserInputException fieldError(String field, String detail) {
        return new UserInputException(ClipMessages.format("config.field", file, field, detail));
    }

    private static String qualified(String section, String key) {
        return section.isEmpty() ? key : section + "." + key;
    }
}
