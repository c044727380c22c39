package org.regiontag.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs reference scripts with Debian's {@code /usr/bin/python3} (which has numpy and PyTorch) for
 * tests tagged {@code python}; a test calling {@link #assumeTorch()} is skipped where that
 * interpreter or torch is absent.
 */
public final class ReferencePython {

    public static final String INTERPRETER = "/usr/bin/python3";
    private static Boolean torchAvailable;

    private ReferencePython() {
    }

    /** Skips the calling test unless {@code /usr/bin/python3 -c "import torch"} succeeds. */
    public static synchronized void assumeTorch() {
        if (torchAvailable == null) {
            torchAvailable = exitsCleanly(INTERPRETER, "-c", "import torch, numpy");
        }
        assumeTrue(torchAvailable, INTERPRETER + " with torch and numpy is not installed; reference test skipped"
                + " (Debian package python3-torch)");
    }

    /** Runs a script from the test class path (next to {@code anchor}) and fails the test on a non-zero exit. */
    public static void run(Class<?> anchor, String scriptName, String... args) throws IOException, InterruptedException {
        URL script = anchor.getResource(scriptName);
        assertThat(script).as("test resource %s next to %s", scriptName, anchor.getName()).isNotNull();
        List<String> command = new ArrayList<>();
        command.add(INTERPRETER);
        try {
            command.add(Path.of(script.toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        command.addAll(List.of(args));

        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("%s finished within 120 s", scriptName).isTrue();
        assertThat(process.exitValue()).as("exit status of %s; output:%n%s", scriptName, output).isZero();
    }

    private static boolean exitsCleanly(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
