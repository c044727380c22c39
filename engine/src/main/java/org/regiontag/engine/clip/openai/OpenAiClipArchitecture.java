package org.regiontag.engine.clip.openai;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.resnet.ModifiedResNet;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;

/**
 * The sizes of an OpenAI CLIP, inferred from its tensors' names and shapes as OpenAI's
 * {@code build_model} infers them, and the full table of tensors those sizes imply.
 *
 * <p>Head counts are not stored in the weights: like {@code build_model}, the inference assumes
 * 64 channels per head in every tower, which holds for all of OpenAI's released models. The
 * activation is QuickGELU and the layer-norm epsilon 1e-5 in every OpenAI CLIP.
 *
 * @param embedDim width of the joint space ({@code text_projection}'s second dimension)
 * @param resnet the image tower's sizes when it is a ResNet, else {@code null}
 * @param vit the image tower's sizes when it is a ViT, else {@code null}
 * @param text the text tower's sizes
 */
record OpenAiClipArchitecture(int embedDim, ResNetVisionConfig resnet, TransformerSizes vit, TextSizes text) {

    /** OpenAI's CLIPs all use 64 channels per attention head; the weights do not record the count. */
    static final int HEAD_WIDTH = 64;
    static final String ACTIVATION = "quick_gelu";
    static final double LAYER_NORM_EPS = 1e-5;
    static final String CONFIG_FORMAT = "regiontag-clip-openai";
    static final int CONFIG_FORMAT_VERSION = 1;

    /**
     * Sizes of a stack of transformer blocks, and for a ViT its patches and input size.
     *
     * @param patchSize 0 for the text tower
     * @param imageSize 0 for the text tower
     */
    record TransformerSizes(int width, int layers, int heads, int mlpWidth, int patchSize, int imageSize) {
    }

    /** Sizes of the text tower. */
    record TextSizes(int vocabSize, int contextLength, TransformerSizes transformer) {
    }

    /** Returns {@code "resnet"} or {@code "vit"}. */
    String visionType() {
        return resnet != null ? ResNetVisionConfig.TYPE : "vit";
    }

    /**
     * Infers the sizes from tensor shapes by checkpoint name.
     *
     * @param source the archive, named in error messages
     * @throws UserInputException naming a tensor that is missing or whose shape does not fit
     */
    static OpenAiClipArchitecture infer(Map<String, long[]> shapes, String source) {
        Inference inference = new Inference(shapes, source);
        TextSizes text = inference.text();
        int embedDim = inference.dimension("text_projection", 2, 1);
        if (shapes.containsKey("visual.proj")) {
            return new OpenAiClipArchitecture(embedDim, null, inference.vit(), text);
        }
        if (shapes.containsKey("visual.layer1.0.conv1.weight")) {
            return new OpenAiClipArchitecture(embedDim, inference.resnet(), null, text);
        }
        throw new UserInputException(OpenAiMessages.format("architecture.unknown", source));
    }

    /** Returns every tensor these sizes imply, by checkpoint name, with its shape. */
    Map<String, Shape> expectedShapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        if (resnet != null) {
            shapes.putAll(ModifiedResNet.checkpointShapes(resnet));
        } else {
            int width = vit.width();
            int grid = vit.imageSize() / vit.patchSize();
            shapes.put("visual.class_embedding", new Shape(width));
            shapes.put("visual.positional_embedding", new Shape((long) grid * grid + 1, width));
            shapes.put("visual.conv1.weight", new Shape(width, 3, vit.patchSize(), vit.patchSize()));
            shapes.put("visual.ln_pre.weight", new Shape(width));
            shapes.put("visual.ln_pre.bias", new Shape(width));
            putTransformer(shapes, "visual.transformer.resblocks.", vit);
            shapes.put("visual.ln_post.weight", new Shape(width));
            shapes.put("visual.ln_post.bias", new Shape(width));
            shapes.put("visual.proj", new Shape(width, embedDim));
        }
        TransformerSizes transformer = text.transformer();
        shapes.put("token_embedding.weight", new Shape(text.vocabSize(), transformer.width()));
        shapes.put("positional_embedding", new Shape(text.contextLength(), transformer.width()));
        putTransformer(shapes, "transformer.resblocks.", transformer);
        shapes.put("ln_final.weight", new Shape(transformer.width()));
        shapes.put("ln_final.bias", new Shape(transformer.width()));
        shapes.put("text_projection", new Shape(transformer.width(), embedDim));
        shapes.put("logit_scale", new Shape());
        return shapes;
    }

    /** Writes RegionTag's OpenAI-names {@code config.json} for these sizes. */
    ObjectNode toConfigJson() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode();
        root.put("format", CONFIG_FORMAT);
        root.put("format_version", CONFIG_FORMAT_VERSION);
        root.put("embed_dim", embedDim);
        if (resnet != null) {
            root.set("vision", resnet.toJson());
        } else {
            ObjectNode vision = root.putObject("vision");
            vision.put("type", "vit");
            vision.put("image_size", vit.imageSize());
            vision.put("patch_size", vit.patchSize());
            putTransformerJson(vision, vit);
        }
        ObjectNode textNode = root.putObject("text");
        textNode.put("vocab_size", text.vocabSize());
        textNode.put("context_length", text.contextLength());
        putTransformerJson(textNode, text.transformer());
        return root;
    }

    private static void putTransformerJson(ObjectNode node, TransformerSizes sizes) {
        node.put("width", sizes.width());
        node.put("layers", sizes.layers());
        node.put("heads", sizes.heads());
        node.put("mlp_width", sizes.mlpWidth());
        node.put("activation", ACTIVATION);
        node.put("layer_norm_eps", LAYER_NORM_EPS);
    }

    private static void putTransformer(Map<String, Shape> shapes, String prefix, TransformerSizes sizes) {
        int width = sizes.width();
        for (int layer = 0; layer < sizes.layers(); layer++) {
            String block = prefix + layer + ".";
            shapes.put(block + "ln_1.weight", new Shape(width));
            shapes.put(block + "ln_1.bias", new Shape(width));
            shapes.put(block + "attn.in_proj_weight", new Shape(3L * width, width));
            shapes.put(block + "attn.in_proj_bias", new Shape(3L * width));
            shapes.put(block + "attn.out_proj.weight", new Shape(width, width));
            shapes.put(block + "attn.out_proj.bias", new Shape(width));
            shapes.put(block + "ln_2.weight", new Shape(width));
            shapes.put(block + "ln_2.bias", new Shape(width));
            shapes.put(block + "mlp.c_fc.weight", new Shape(sizes.mlpWidth(), width));
            shapes.put(block + "mlp.c_fc.bias", new Shape(sizes.mlpWidth()));
            shapes.put(block + "mlp.c_proj.weight", new Shape(width, sizes.mlpWidth()));
            shapes.put(block + "mlp.c_proj.bias", new Shape(width));
        }
    }

    /** Reads sizes off tensor shapes, naming the tensor at fault in every error. */
    private static final class Inference {

        private static final Pattern STAGE_BLOCK = Pattern.compile("^visual\\.layer(\\d+)\\.(\\d+)\\.");

        private final Map<String, long[]> shapes;
        private final String source;

        Inference(Map<String, long[]> shapes, String source) {
            this.shapes = shapes;
            this.source = source;
        }

        TextSizes text() {
            int width = dimension("ln_final.weight", 1, 0);
            int layers = countLayers("transformer.resblocks.");
            int mlpWidth = dimension("transformer.resblocks.0.mlp.c_fc.weight", 2, 0);
            TransformerSizes transformer = new TransformerSizes(width, layers, heads("ln_final.weight", width),
                    mlpWidth, 0, 0);
            return new TextSizes(dimension("token_embedding.weight", 2, 0), dimension("positional_embedding", 2, 0),
                    transformer);
        }

        TransformerSizes vit() {
            long[] patch = shape("visual.conv1.weight", 4);
            int width = toInt("visual.conv1.weight", patch[0]);
            int patchSize = toInt("visual.conv1.weight", patch[3]);
            int grid = squareGrid("visual.positional_embedding");
            int layers = countLayers("visual.transformer.resblocks.");
            int mlpWidth = dimension("visual.transformer.resblocks.0.mlp.c_fc.weight", 2, 0);
            return new TransformerSizes(width, layers, heads("visual.conv1.weight", width), mlpWidth, patchSize,
                    patchSize * grid);
        }

        ResNetVisionConfig resnet() {
            Map<Integer, TreeSet<Integer>> blocksByStage = new java.util.TreeMap<>();
            for (String name : shapes.keySet()) {
                Matcher matcher = STAGE_BLOCK.matcher(name);
                if (matcher.find()) {
                    blocksByStage.computeIfAbsent(Integer.parseInt(matcher.group(1)), stage -> new TreeSet<>())
                            .add(Integer.parseInt(matcher.group(2)));
                }
            }
            List<Integer> layers = new ArrayList<>();
            for (int stage = 1; blocksByStage.containsKey(stage); stage++) {
                layers.add(blocksByStage.get(stage).size());
            }
            if (layers.size() != blocksByStage.size()) {
                throw new UserInputException(OpenAiMessages.format("architecture.stages", source,
                        blocksByStage.keySet()));
            }

            int width = dimension("visual.layer1.0.conv1.weight", 4, 0);
            int grid = squareGrid("visual.attnpool.positional_embedding");
            int embedDim = dimension("visual.attnpool.positional_embedding", 2, 1);
            int outputDim = dimension("visual.attnpool.c_proj.weight", 2, 0);
            int downsampling = 4 << (layers.size() - 1);
            try {
                return new ResNetVisionConfig(layers, width, heads("visual.attnpool.positional_embedding", embedDim),
                        grid * downsampling, outputDim);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(OpenAiMessages.format("architecture.invalid", source, e.getMessage()), e);
            }
        }

        /** Counts blocks {@code prefix0.}, {@code prefix1.}, ... that have an attention projection. */
        private int countLayers(String prefix) {
            int layers = 0;
            while (shapes.containsKey(prefix + layers + ".attn.in_proj_weight")) {
                layers++;
            }
            if (layers == 0) {
                throw missing(prefix + "0.attn.in_proj_weight");
            }
            return layers;
        }

        private int heads(String name, int width) {
            if (width < HEAD_WIDTH || width % HEAD_WIDTH != 0) {
                throw new UserInputException(OpenAiMessages.format("architecture.heads", source, name, width,
                        HEAD_WIDTH));
            }
            return width / HEAD_WIDTH;
        }

        private int squareGrid(String name) {
            long rows = shape(name, 2)[0];
            long grid = Math.round(Math.sqrt(rows - 1));
            if (rows < 2 || grid * grid + 1 != rows) {
                throw new UserInputException(OpenAiMessages.format("architecture.grid", source, name, rows));
            }
            return (int) grid;
        }

        private int dimension(String name, int rank, int axis) {
            return toInt(name, shape(name, rank)[axis]);
        }

        private long[] shape(String name, int rank) {
            long[] shape = shapes.get(name);
            if (shape == null) {
                throw missing(name);
            }
            if (shape.length != rank) {
                throw new UserInputException(OpenAiMessages.format("architecture.rank", source, name,
                        new Shape(shape), rank));
            }
            return shape;
        }

        private int toInt(String name, long value) {
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw new UserInputException(OpenAiMessages.format("architecture.dimension", source, name, value));
            }
            return (int) value;
        }

        private UserInputException missing(String name) {
            return new UserInputException(OpenAiMessages.format("tensors.missing", source, 1, name));
        }
    }
}
