package org.regiontag.engine.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.image.PreprocessConfig;

/**
 * Reads the optional {@code preprocessor_config.json} of a Hugging Face checkpoint
 * ({@code size.shortest_edge} or {@code size}, {@code crop_size}, {@code image_mean},
 * {@code image_std}); absent keys, or an absent file, give CLIP's own values for the tower's
 * input size.
 */
final class PreprocessConfigReader {

    static final String FILE_NAME = "preprocessor_config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PreprocessConfigReader() {
    }

    static PreprocessConfig read(Path folder, int imageSize) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return PreprocessConfig.clipDefaults(imageSize);
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserInputException(ClipMessages.format("config.json", file, e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new UserInputException(ClipMessages.format("config.notObject", file));
        }
        int resize = size(file, root.get("size"), "shortest_edge", "size", imageSize);
        int crop = size(file, root.get("crop_size"), "height", "crop_size", imageSize);
        float[] mean = triple(file, root.get("image_mean"), "image_mean", PreprocessConfig.CLIP_MEAN);
        float[] std = triple(file, root.get("image_std"), "image_std", PreprocessConfig.CLIP_STD);
        try {
            return new PreprocessConfig(resize, crop, mean, std);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(ClipMessages.format("preprocessor.invalid", file, "values", e.getMessage()));
        }
    }

    /** Reads a size given as a number or as an object with {@code key} (older and newer files differ). */
    private static int size(Path file, JsonNode node, String key, String field, int defaultValue) {
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        JsonNode value = node.isObject() ? node.get(key) : node;
        if (value == null || !value.canConvertToExactIntegral() || value.asInt() <= 0) {
            throw new UserInputException(ClipMessages.format("preprocessor.invalid", file, field,
                    ClipMessages.format("config.positiveInteger", node.toString())));
        }
        return value.asInt();
    }

    private static float[] triple(Path file, JsonNode node, String field, float[] defaultValue) {
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isArray() || node.size() != 3 || !node.get(0).isNumber() || !node.get(1).isNumber()
                || !node.get(2).isNumber()) {
            throw new UserInputException(ClipMessages.format("preprocessor.invalid", file, field,
                    ClipMessages.format("preprocessor.triple", node.toString())));
        }
        return new float[] {node.get(0).floatValue(), node.get(1).floatValue(), node.get(2).floatValue()};
    }
}
