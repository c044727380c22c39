package org.regiontag.engine.clip;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.engine.clip.resnet.ModifiedResNet;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;

/**
 * The one table per checkpoint layout that lists which tensors of the file make each parameter of
 * the model. The model's parameters carry OpenAI's names ({@code visual.ln_pre.weight},
 * {@code transformer.resblocks.0.attn.in_proj_weight}, {@code text_projection}); the tables map
 * those names to the file's.
 *
 * <p>Two layouts store some tensors differently from OpenAI's code: Hugging Face splits the fused
 * attention input projection into {@code q_proj}, {@code k_proj} and {@code v_proj} (concatenated
 * here, in that order, which is the order of {@code in_proj_weight}'s rows), and stores both
 * projections into the joint space as {@code nn.Linear} weights {@code (embedDim, width)}, the
 * transpose of OpenAI's {@code (width, embedDim)} matrices applied as {@code x @ proj}.
 */
final class CheckpointMapping {

    /** The way the file's tensors combine into one parameter. */
    enum Combine {
        /** One tensor, used as it is. */
        COPY,
        /** One 2-D tensor, transposed. */
        TRANSPOSE,
        /** Several tensors, concatenated along their first axis. */
        CONCAT
    }

    /**
     * The file's tensors for one parameter.
     *
     * @param names tensor names in the file, in concatenation order
     * @param combine how they combine
     */
    record Source(List<String> names, Combine combine) {

        static Source copy(String name) {
            return new Source(List.of(name), Combine.COPY);
        }

        static Source transpose(String name) {
            return new Source(List.of(name), Combine.TRANSPOSE);
        }

        static Source concat(String... names) {
            return new Source(List.of(names), Combine.CONCAT);
        }
    }

    private CheckpointMapping() {
    }

    /** Returns the table of the config's layout, from the model's parameter names to the file's tensors. */
    static Map<String, Source> forConfig(ClipConfig config) {
        int textLayers = config.text().transformer().layers();
        if (config.vision() instanceof ResNetVisionConfig resNet) {
            // Only the OpenAI-names layout has ResNets: Hugging Face publishes no CLIP ResNet.
            return openAiResNet(resNet, textLayers);
        }
        int visionLayers = ((VitConfig) config.vision()).transformer().layers();
        return switch (config.layout()) {
            case HUGGING_FACE -> huggingFace(visionLayers, textLayers);
            case OPENAI -> openAi(visionLayers, textLayers);
        };
    }

    /** Hugging Face {@code CLIPModel} names ({@code pre_layrnorm} is spelled so in every published checkpoint). */
    static Map<String, Source> huggingFace(int visionLayers, int textLayers) {
        Map<String, Source> table = new LinkedHashMap<>();
        table.put("visual.conv1.weight", Source.copy("vision_model.embeddings.patch_embedding.weight"));
        table.put("visual.class_embedding", Source.copy("vision_model.embeddings.class_embedding"));
        table.put("visual.positional_embedding", Source.copy("vision_model.embeddings.position_embedding.weight"));
        table.put("visual.ln_pre.weight", Source.copy("vision_model.pre_layrnorm.weight"));
        table.put("visual.ln_pre.bias", Source.copy("vision_model.pre_layrnorm.bias"));
        for (int i = 0; i < visionLayers; i++) {
            putHuggingFaceBlock(table, "visual.transformer.resblocks." + i + ".", "vision_model.encoder.layers." + i + ".");
        }
        table.put("visual.ln_post.weight", Source.copy("vision_model.post_layernorm.weight"));
        table.put("visual.ln_post.bias", Source.copy("vision_model.post_layernorm.bias"));
        table.put("visual.proj", Source.transpose("visual_projection.weight"));

        table.put("token_embedding.weight", Source.copy("text_model.embeddings.token_embedding.weight"));
        table.put("positional_embedding", Source.copy("text_model.embeddings.position_embedding.weight"));
        for (int i = 0; i < textLayers; i++) {
            putHuggingFaceBlock(table, "transformer.resblocks." + i + ".", "text_model.encoder.layers." + i + ".");
        }
        table.put("ln_final.weight", Source.copy("text_model.final_layer_norm.weight"));
        table.put("ln_final.bias", Source.copy("text_model.final_layer_norm.bias"));
        table.put("text_projection", Source.transpose("text_projection.weight"));
        table.put("logit_scale", Source.copy("logit_scale"));
        return table;
    }

    private static void putHuggingFaceBlock(Map<String, Source> table, String ours, String theirs) {
        table.put(ours + "ln_1.weight", Source.copy(theirs + "layer_norm1.weight"));
        table.put(ours + "ln_1.bias", Source.copy(theirs + "layer_norm1.bias"));
        table.put(ours + "attn.in_proj_weight", Source.concat(theirs + "self_attn.q_proj.weight",
                theirs + "self_attn.k_proj.weight", theirs + "self_attn.v_proj.weight"));
        table.put(ours + "attn.in_proj_bias", Source.concat(theirs + "self_attn.q_proj.bias",
                theirs + "self_attn.k_proj.bias", theirs + "self_attn.v_proj.bias"));
        table.put(ours + "attn.out_proj.weight", Source.copy(theirs + "self_attn.out_proj.weight"));
        table.put(ours + "attn.out_proj.bias", Source.copy(theirs + "self_attn.out_proj.bias"));
        table.put(ours + "ln_2.weight", Source.copy(theirs + "layer_norm2.weight"));
        table.put(ours + "ln_2.bias", Source.copy(theirs + "layer_norm2.bias"));
        table.put(ours + "mlp.c_fc.weight", Source.copy(theirs + "mlp.fc1.weight"));
        table.put(ours + "mlp.c_fc.bias", Source.copy(theirs + "mlp.fc1.bias"));
        table.put(ours + "mlp.c_proj.weight", Source.copy(theirs + "mlp.fc2.weight"));
        table.put(ours + "mlp.c_proj.bias", Source.copy(theirs + "mlp.fc2.bias"));
    }

    /** OpenAI's names, which are the model's own: every tensor is used as it is. */
    static Map<String, Source> openAi(int visionLayers, int textLayers) {
        Map<String, Source> table = new LinkedHashMap<>();
        for (String name : List.of("visual.conv1.weight", "visual.class_embedding", "visual.positional_embedding",
                "visual.ln_pre.weight", "visual.ln_pre.bias")) {
            table.put(name, Source.copy(name));
        }
        for (int i = 0; i < visionLayers; i++) {
            putOpenAiBlock(table, "visual.transformer.resblocks." + i + ".");
        }
        for (String name : List.of("visual.ln_post.weight", "visual.ln_post.bias", "visual.proj")) {
            table.put(name, Source.copy(name));
        }
        putOpenAiText(table, textLayers);
        return table;
    }

    /** OpenAI's names with a ResNet image tower, whose tensors are listed by {@link ModifiedResNet}. */
    static Map<String, Source> openAiResNet(ResNetVisionConfig vision, int textLayers) {
        Map<String, Source> table = new LinkedHashMap<>();
        for (String name : ModifiedResNet.checkpointShapes(vision).keySet()) {
            table.put(name, Source.copy(name));
        }
        putOpenAiText(table, textLayers);
        return table;
    }

    private static void putOpenAiText(Map<String, Source> table, int textLayers) {
        for (String name : List.of("token_embedding.weight", "positional_embedding")) {
            table.put(name, Source.copy(name));
        }
        for (int i = 0; i < textLayers; i++) {
            putOpenAiBlock(table, "transformer.resblocks." + i + ".");
        }
        for (String name : List.of("ln_final.weight", "ln_final.bias", "text_projection", "logit_scale")) {
            table.put(name, Source.copy(name));
        }
    }

    private static void putOpenAiBlock(Map<String, Source> table, String prefix) {
        for (String name : List.of("ln_1.weight", "ln_1.bias", "attn.in_proj_weight", "attn.in_proj_bias",
                "attn.out_proj.weight", "attn.out_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight",
                "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias")) {
            table.put(prefix + name, Source.copy(prefix + name));
        }
    }
}
