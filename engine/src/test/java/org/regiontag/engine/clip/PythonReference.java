package org.regiontag.engine.clip;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the committed Python scripts ({@code src/test/python}) with Debian's PyTorch: the tiny
 * checkpoint generator and the independent reference forward pass. Tests that use it are tagged
 * {@code python} and skipped where {@code /usr/bin/python3} has no torch.
 */
public final class PythonReference {

    public static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Boolean available;

    private PythonReference() {
    }

    /** The folder of the Python scripts, found from the engine module or the repository root. */
    public static Path scripts() {
        for (Path candidate : List.of(Path.of("src/test/python"), Path.of("engine/src/test/python"),
                Path.of("../engine/src/test/python"))) {
            if (Files.isRegularFile(candidate.resolve("clip_reference.py"))) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("engine/src/test/python not found from " + Path.of("").toAbsolutePath());
    }

    /** Skips the calling test unless Python with torch runs here. */
    public static synchronized void assumeAvailable() {
        if (available == null) {
            try {
                Process process = new ProcessBuilder(PYTHON, "-c", "import torch, numpy, PIL").redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                available = process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        assumeTrue(available, PYTHON + " with torch, numpy and PIL is not available; skipping the reference comparison");
    }

    /** Runs a script with arguments and returns its standard output; fails with its output when it fails. */
    public static String run(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON, scripts().resolve(script).toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Writes a random checkpoint with {@code make_tiny_clip.py} into {@code folder}. */
    public static Path makeCheckpoint(Path folder, String... options) {
        List<String> args = new ArrayList<>(List.of("--out", folder.toString()));
        args.addAll(List.of(options));
        run("make_tiny_clip.py", args.toArray(String[]::new));
        return folder;
    }

    /**
     * Runs the reference forward pass on pixels and token ids.
     *
     * @param pixels row-major {@code (batch, 3, height, width)} values, or {@code null} for none
     * @return the reference's JSON result
     */
    public static JsonNode embed(Path model, Path workFolder, float[] pixels, long[] pixelShape, long[][] tokenIds)
            throws IOException {
        Path request = workFolder.resolve("request.json");
        Path result = workFolder.resolve("result.json");
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        if (pixels != null) {
            Path pixelsFile = workFolder.resolve("pixels.f32");
            ByteBuffer buffer = ByteBuffer.allocate(pixels.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(pixels);
            Files.write(pixelsFile, buffer.array());
            body.put("pixels_file", pixelsFile.toString());
            body.put("pixels_shape", pixelShape);
        }
        if (tokenIds != null) {
            body.put("token_ids", tokenIds);
        }
        JSON.writeValue(request.toFile(), body);
        run("clip_reference.py", "embed", "--model", model.toString(), "--request", request.toString(),
                "--out", result.toString());
        return JSON.readTree(result.toFile());
    }

    /** Flattens a nested JSON array of numbers in row-major order. */
    public static float[] flatten(JsonNode node) {
        List<Float> values = new ArrayList<>();
        collect(node, values);
        float[] flat = new float[values.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = values.get(i);
        }
        return flat;
    }

    private static void collect(JsonNode node, List<Float> into) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, into));
        } else {
            into.add(node.floatValue());
        }
    }
}
