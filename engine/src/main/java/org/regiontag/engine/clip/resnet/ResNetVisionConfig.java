package org.regiontag.engine.clip.resnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.VisionConfig;

/**
 * Sizes of CLIP's ResNet image tower, the {@code "vision"} object of RegionTag's OpenAI-names
 * {@code config.json} when its {@code "type"} is {@code "resnet"}.
 *
 * <p>The stem turns the image into {@code width} channels at a quarter of its side; stage
 * {@code i} then has bottlenecks of {@code width·2^i} planes that output {@code width·2^i·4}
 * channels, the first stage at stride 1 and every later one at stride 2. OpenAI's RN50 is
 * {@code layers = [3, 4, 6, 3]}, {@code width = 64}; any number of stages works, so a 2-stage
 * tower at 64 px has an 8 × 8 dense grid.
 *
 * @param layers bottleneck blocks per stage, at least one stage and one block per stage
 * @param width channels after the stem; even, because the stem's first two convolutions have
 *     {@code width / 2} channels
 * @param heads heads of the attention pool; must divide {@link #embedDim()}, and nothing assumes
 *     64 channels per head
 * @param imageSize side in pixels of the square input the weights were trained at; the positional
 *     embedding has {@code gridSize()² + 1} rows, and other input sizes interpolate it
 * @param outputDim width of the joint image-text space (the attention pool's output projection)
 */
public record ResNetVisionConfig(List<Integer> layers, int width, int heads, int imageSize, int outputDim)
        implements VisionConfig {

    /** The {@code "type"} value of this tower in {@code config.json}. */
    public static final String TYPE = "resnet";

    /** Channels of a bottleneck's output relative to its planes, as in torchvision and CLIP. */
    public static final int EXPANSION = 4;

    /** A bound that keeps every channel count within {@code int} for any valid width. */
    private static final int MAX_STAGES = 16;

    public ResNetVisionConfig {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must list the blocks of at least one stage");
        }
        layers = List.copyOf(layers);
        if (layers.size() > MAX_STAGES) {
            throw new IllegalArgumentException("layers has " + layers.size() + " stages; at most " + MAX_STAGES
                    + " are supported");
        }
        for (int blocks : layers) {
            if (blocks < 1) {
                throw new IllegalArgumentException("layers must be positive block counts, found " + layers);
            }
        }
        if (width < 2 || width % 2 != 0) {
            throw new IllegalArgumentException("width must be an even number of at least 2, found " + width);
        }
        if (heads < 1) {
            throw new IllegalArgumentException("heads must be positive, found " + heads);
        }
        long embedDim = (long) width * EXPANSION << (layers.size() - 1);
        if (embedDim > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("width " + width + " with " + layers.size()
                    + " stages gives more channels than supported");
        }
        if (embedDim % heads != 0) {
            throw new IllegalArgumentException("heads " + heads + " does not divide the attention pool's width "
                    + embedDim);
        }
        long downsampling = 4L << (layers.size() - 1);
        if (imageSize < downsampling) {
            throw new IllegalArgumentException("imageSize " + imageSize + " is smaller than the tower's downsampling "
                    + downsampling + "; the last stage would have no pixels");
        }
        if (outputDim < 1) {
            throw new IllegalArgumentException("outputDim must be positive, found " + outputDim);
        }
    }

    /** OpenAI's RN50: 38 M image-tower parameters, 1024-wide joint space. */
    public static ResNetVisionConfig rn50() {
        return new ResNetVisionConfig(List.of(3, 4, 6, 3), 64, 32, 224, 1024);
    }

    /** OpenAI's RN101: 56 M image-tower parameters, 512-wide joint space. */
    public static ResNetVisionConfig rn101() {
        return new ResNetVisionConfig(List.of(3, 4, 23, 3), 64, 32, 224, 512);
    }

    /** Returns the {@code "type"} of this tower in {@code config.json}. */
    @Override
    public String type() {
        return TYPE;
    }

    /** Number of bottleneck stages. */
    public int stages() {
        return layers.size();
    }

    /** Planes (inner channels) of the bottlenecks of stage {@code stage}, counted from 0. */
    public int planes(int stage) {
        return width << stage;
    }

    /** Channels of the last stage's map, the width of the attention pool's input. */
    public int embedDim() {
        return planes(stages() - 1) * EXPANSION;
    }

    /** Channels per attention head. */
    public int headWidth() {
        return embedDim() / heads;
    }

    /** Ratio of the input side to the last map's side: 4 for the stem, 2 per stage after the first. */
    public int downsampling() {
        return 4 << (stages() - 1);
    }

    /**
     * Side of the last map at {@link #imageSize()}, the grid of the checkpoint's positional
     * embedding; integer division, as OpenAI's code sizes it.
     */
    public int gridSize() {
        return imageSize / downsampling();
    }

    /**
     * Reads the {@code "vision"} object of a {@code config.json} whose type is {@code resnet}.
     *
     * @param vision the {@code "vision"} object
     * @param source the file, named in error messages
     * @throws UserInputException naming the file and the field when a size is missing or invalid
     */
    public static ResNetVisionConfig fromJson(JsonNode vision, String source) {
        if (vision == null || !vision.isObject()) {
            throw new UserInputException(ResNetMessages.format("config.field", source, "vision",
                    ResNetMessages.format("config.notObject")));
        }
        JsonNode type = vision.get("type");
        if (type == null || !TYPE.equals(type.asText())) {
            throw new UserInputException(ResNetMessages.format("config.field", source, "vision.type",
                    ResNetMessages.format("config.notResNet", type == null ? "" : type.asText())));
        }

        List<Integer> layers = layersField(vision, source);
        int width = positiveInt(vision, "width", source);
        int heads = positiveInt(vision, "heads", source);
        int imageSize = positiveInt(vision, "image_size", source);
        int outputDim = positiveInt(vision, "output_dim", source);
        try {
            return new ResNetVisionConfig(layers, width, heads, imageSize, outputDim);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(ResNetMessages.format("config.field", source, "vision", e.getMessage()), e);
        }
    }

    /** Writes this configuration as the {@code "vision"} object that {@link #fromJson} reads. */
    public ObjectNode toJson() {
        ObjectNode vision = JsonNodeFactory.instance.objectNode();
        vision.put("type", TYPE);
        ArrayNode layerArray = vision.putArray("layers");
        layers.forEach(layerArray::add);
        vision.put("width", width);
        vision.put("heads", heads);
        vision.put("image_size", imageSize);
        vision.put("output_dim", outputDim);
        return vision;
    }

    private static List<Integer> layersField(JsonNode vision, String source) {
        JsonNode node = vision.get("layers");
        if (node == null || node.isNull()) {
            throw new UserInputException(ResNetMessages.format("config.field", source, "vision.layers",
                    ResNetMessages.format("config.fieldMissing")));
        }
        List<Integer> layers = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!isPositiveInt(element)) {
                    layers = null;
                    break;
                }
                layers.add(element.asInt());
            }
        }
        if (!node.isArray() || layers == null || layers.isEmpty()) {
            throw new UserInputException(ResNetMessages.format("config.field", source, "vision.layers",
                    ResNetMessages.format("config.layers", node.toString())));
        }
        return layers;
    }

    private static int positiveInt(JsonNode vision, String key, String source) {
        JsonNode value = vision.get(key);
        if (value == null || value.isNull()) {
            throw new UserInputException(ResNetMessages.format("config.field", source, "vision." + key,
                    ResNetMessages.format("config.fieldMissing")));
        }
        if (!isPositiveInt(value)) {
            throw new UserInputException(ResNetMessages.format("config.field", source, "vision." + key,
                    ResNetMessages.format("config.positiveInteger", value.toString())));
        }
        return value.asInt();
    }

    private static boolean isPositiveInt(JsonNode value) {
        return value.isNumber() && value.canConvertToExactIntegral() && value.canConvertToInt() && value.asInt() > 0;
    }
}
