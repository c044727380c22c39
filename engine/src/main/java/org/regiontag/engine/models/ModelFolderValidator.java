package org.regiontag.engine.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.ClipConfigReader;

/**
 * Checks that a folder looks like a CLIP checkpoint in the Hugging Face layout before it is
 * registered, so that a wrong folder fails at import instead of at the first extraction.
 *
 * <p>The checks are shallow on purpose; the loader checks every tensor and config field when it
 * builds the model:
 * <ul>
 * <li>{@code config.json} is a JSON object with {@code text_config} and {@code vision_config}
 *     objects, as {@code CLIPModel} configs have, or with {@code text} and {@code vision} objects
 *     and the {@code format} of RegionTag's OpenAI-names layout;
 * <li>{@code tokenizer.json} is a JSON object with a {@code model} section;
 * <li>{@code model.safetensors} starts with a header length that fits the file, followed by
 *     {@code '{'}.
 * </ul>
 */
public final class ModelFolderValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFolderValidator() {
    }

    /**
     * Validates a model folder.
     *
     * @throws UserInputException naming the file and what is wrong with it
     */
    public static void validate(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new UserInputException(ModelMessages.format("folder.notFound", folder));
        }
        for (String name : ModelFiles.REQUIRED) {
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new UserInputException(ModelMessages.format("folder.fileMissing", folder, name));
            }
            if (!Files.isReadable(file)) {
                throw new UserInputException(ModelMessages.format("folder.fileUnreadable", file));
            }
        }

        JsonNode config = readJson(folder.resolve(ModelFiles.CONFIG));
        // RegionTag's OpenAI-names layout (docs/checkpoints.md) has "text" and "vision" sections.
        boolean openAiNames = ClipConfigReader.OPENAI_FORMAT.equals(config.path("format").asText());
        String[] sections = openAiNames ? new String[] {"text", "vision"} : new String[] {"text_config", "vision_config"};
        for (String section : sections) {
            if (!config.path(section).isObject()) {
                throw new UserInputException(ModelMessages.format("folder.configSection",
                        folder.resolve(ModelFiles.CONFIG), section));
            }
        }
        JsonNode tokenizer = readJson(folder.resolve(ModelFiles.TOKENIZER));
        if (!tokenizer.path("model").isObject()) {
            throw new UserInputException(ModelMessages.format("folder.tokenizerModel", folder.resolve(ModelFiles.TOKENIZER)));
        }
        checkSafetensorsHeader(folder.resolve(ModelFiles.WEIGHTS));
    }

    /** Returns whether the folder has every required file (without reading them). */
    public static boolean hasRequiredFiles(Path folder) {
        return ModelFiles.REQUIRED.stream().allMatch(name -> Files.isRegularFile(folder.resolve(name)));
    }

    private static JsonNode readJson(Path file) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new UserInputException(ModelMessages.format("folder.invalidJson", file, where, e.getOriginalMessage()), e);
        } catch (AccessDeniedException e) {
            throw new UserInputException(ModelMessages.format("folder.fileUnreadable", file), e);
        } catch (IOException e) {
            throw new UserInputException(ModelMessages.format("folder.readFailed", file, e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new UserInputException(ModelMessages.format("folder.notJsonObject", file));
        }
        return root;
    }

    /** Checks the safetensors framing: an 8-byte little-endian header length, then a JSON object. */
    private static void checkSafetensorsHeader(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer start = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
            while (start.hasRemaining() && channel.read(start) > 0) {
                // A read may return fewer bytes than requested.
            }
            if (start.position() < 9) {
                throw new UserInputException(ModelMessages.format("folder.safetensorsShort", file, size));
            }
            long headerLength = start.getLong(0);
            if (headerLength <= 0 || headerLength > size - 8 || start.get(8) != '{') {
                throw new UserInputException(ModelMessages.format("folder.safetensorsHeader", file, headerLength, size));
            }
        } catch (AccessDeniedException e) {
            throw new UserInputException(ModelMessages.format("folder.fileUnreadable", file), e);
        } catch (IOException e) {
            throw new UserInputException(ModelMessages.format("folder.readFailed", file, e.getMessage()), e);
        }
    }
}
