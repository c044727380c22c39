package org.regiontag.engine.clip.resnet;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.regiontag.engine.clip.safetensors.SafetensorsFile;
import org.regiontag.engine.clip.safetensors.TensorInfo;

/**
 * Runs the committed PyTorch reference, {@code src/test/python/clip_resnet_reference.py}, with
 * Debian's {@code /usr/bin/python3}; tests that use it are tagged {@code python} and skip where
 * that Python has no torch.
 */
public final class PythonReference {

    public static final Path PYTHON = Path.of("/usr/bin/python3");
    public static final Path SCRIPT = Path.of("src/test/python/clip_resnet_reference.py");

    private static Boolean available;

    private PythonReference() {
    }

    /** Skips the calling test unless {@code /usr/bin/python3 -c "import torch"} succeeds. */
    public static synchronized void assumeTorch() {
        if (available == null) {
            try {
                Process process = new ProcessBuilder(PYTHON.toString(), "-c", "import torch")
                        .redirectErrorStream(true).start();
                process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                available = process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        assumeTrue(available, "skipped: " + PYTHON + " with PyTorch is needed for the reference (apt-get install python3-torch)");
    }

    /** Runs the reference script with {@code arguments} and fails with its output if it fails. */
    public static void run(String... arguments) throws IOException, InterruptedException {
        assumeTorch();
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the reference timed out: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the reference failed (exit " + process.exitValue() + "): "
                    + String.join(" ", command) + "\n" + new String(output, StandardCharsets.UTF_8));
        }
    }

    /**
     * Reads every tensor of a safetensors file as a float32 array through the engine's
     * memory-mapped reader; float16 tensors are widened exactly.
     */
    public static Map<String, NDArray> readTensors(NDManager manager, Path file) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            for (TensorInfo info : safetensors.tensors()) {
                tensors.put(info.name(), safetensors.toNDArray(manager, info.name()));
            }
        }
        return tensors;
    }
}
