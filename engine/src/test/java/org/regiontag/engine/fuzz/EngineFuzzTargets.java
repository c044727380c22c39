package org.regiontag.engine.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.ClipConfig;
import org.regiontag.engine.clip.ClipConfigReader;
import org.regiontag.engine.clip.safetensors.SafetensorsFile;
import org.regiontag.engine.clip.safetensors.TensorInfo;

/**
 * The fuzz targets of the engine's readers of untrusted model files: {@code model.safetensors}
 * and {@code config.json}, as a user's model folder brings them.
 *
 * <p>A target returns normally when the reader accepted the input or rejected it with a one-line
 * {@link UserInputException}. Anything else that escapes (another exception, an
 * {@link OutOfMemoryError} from an allocation sized by the file's claims) is a crash.
 */
public final class EngineFuzzTargets {

    private static final ThreadLocal<Path> WORK = ThreadLocal.withInitial(() -> {
        try {
            Path folder = Files.createTempDirectory("regiontag-engine-fuzz");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    private EngineFuzzTargets() {
    }

    /**
     * Opens the input as a safetensors file and reads every floating-point tensor. The elements read
     * must fit in the file, because each element takes at least one byte of it. So a header that
     * claims more must have been rejected before anything was allocated for it.
     */
    public static void safetensors(byte[] data) throws IOException {
        Path file = Files.write(WORK.get().resolve("model.safetensors"), data);
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            long elements = 0;
            for (TensorInfo tensor : weights.tensors()) {
                if (tensor.dtype().isFloatingPoint()) {
                    elements += weights.readFloats(tensor.name()).length;
                }
            }
            if (elements > data.length) {
                throw new AssertionError(elements + " elements read from a file of " + data.length + " bytes");
            }
        } catch (UserInputException e) {
            requireOneLine(e);
        }
    }

    /** Parses the input as a model folder's {@code config.json}. */
    public static void configJson(byte[] data) {
        try {
            ClipConfig config = ClipConfigReader.parse(Path.of("model", "config.json"), data);
            if (config == null) {
                throw new AssertionError("the reader returned no configuration");
            }
        } catch (UserInputException e) {
            requireOneLine(e);
        }
    }

    private static void requireOneLine(UserInputException e) {
        if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
            throw new AssertionError("the error is not one line: " + e.getMessage(), e);
        }
    }
}
