package org.regiontag.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference script under {@code src/test/python} with the system's Python and PyTorch, for
 * tests tagged {@code python}; those tests are skipped where {@code /usr/bin/python3 -c "import torch"} fails.
 */
public final class PythonReference {

    public static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Boolean torchAvailable;

    private PythonReference() {
    }

    /** Skips the calling test unless Python with PyTorch is installed. */
    public static void assumeTorch() {
        if (torchAvailable == null) {
            torchAvailable = exitsCleanly(PYTHON, "-c", "import torch");
        }
        assumeTrue(torchAvailable, PYTHON + " with PyTorch is not installed; install python3-torch to run this test");
    }

    /**
     * Writes {@code cases} as JSON, runs {@code script CASES RESULTS}, and returns the parsed results.
     *
     * @param script a file name in {@code src/test/python}
     * @param directory a temporary folder for the two JSON files
     */
    public static JsonNode run(String script, Object cases, Path directory) throws IOException, InterruptedException {
        Path input = directory.resolve("cases.json");
        Path output = directory.resolve("results.json");
        Path log = directory.resolve("python.log");
        JSON.writeValue(input.toFile(), cases);
        Path scriptPath = Path.of("src", "test", "python", script).toAbsolutePath();
        Process process = new ProcessBuilder(PYTHON, scriptPath.toString(), input.toString(), output.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish within 300 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(script + " failed with status " + process.exitValue() + ": "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return JSON.readTree(output.toFile());
    }

    private static boolean exitsCleanly(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
