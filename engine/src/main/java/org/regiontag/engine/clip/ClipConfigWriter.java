package org.regiontag.engine.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;
import org.regiontag.engine.io.AtomicFiles;

/**
 * Writes a {@link ClipConfig} as the {@code config.json} of RegionTag's OpenAI-names layout, the
 * file that {@link ClipConfigReader} reads back into an equal configuration. Models trained by
 * RegionTag (the demo model) are saved this way.
 */
public final class ClipConfigWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ClipConfigWriter() {
    }

    /** Returns the OpenAI-names {@code config.json} of {@code config}, whatever layout it was read from. */
    public static ObjectNode toJson(ClipConfig config) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", ClipConfigReader.OPENAI_FORMAT);
        root.put("format_version", ClipConfigReader.OPENAI_FORMAT_VERSION);
        root.put("embed_dim", config.embedDim());

        ObjectNode text = root.putObject("text");
        text.put("vocab_size", config.text().vocabSize());
        text.put("context_length", config.text().contextLength());
        putTransformer(text, config.text().transformer());

        if (config.vision() instanceof ResNetVisionConfig resNet) {
            root.set("vision", resNet.toJson());
        } else {
            VitConfig vit = (VitConfig) config.vision();
            ObjectNode vision = root.putObject("vision");
            vision.put("type", VitConfig.TYPE);
            vision.put("image_size", vit.imageSize());
            vision.put("patch_size", vit.patchSize());
            putTransformer(vision, vit.transformer());
        }
        return root;
    }

    /** Writes {@link #toJson} to {@code file} atomically: a failed write leaves no partial file. */
    public static void write(Path file, ClipConfig config) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(toJson(config));
        AtomicFiles.write(file, bytes);
    }

    private static void putTransformer(ObjectNode node, TransformerConfig sizes) {
        node.put("width", sizes.width());
        node.put("layers", sizes.layers());
        node.put("heads", sizes.heads());
        node.put("mlp_width", sizes.mlpWidth());
        node.put("activation", sizes.activation().configName());
        node.put("layer_norm_eps", sizes.layerNormEps());
    }
}
