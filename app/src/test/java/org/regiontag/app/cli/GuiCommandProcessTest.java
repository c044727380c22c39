package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.Main;
import org.regiontag.app.gui.GuiLogging;
import org.regiontag.app.gui.TestProjects;
import org.regiontag.db.Project;

/**
 * {@code regiontag gui DIR}, the command that {@code regiontag demo} runs after building, started as
 * its own Java process on Monocle's headless platform: the application must open the given project.
 * A separate process is needed because JavaFX starts an application only once per process.
 */
class GuiCommandProcessTest {

    /** Start-up of a JVM, JavaFX and the project on a loaded 2-core machine, with a wide margin. */
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** The headless platform and the offline switches that Surefire gives the tests, passed on to the child. */
    private static final List<String> PASSED_PROPERTIES = List.of("glass.platform", "monocle.platform", "prism.order",
            "prism.text", "java.awt.headless", "ai.djl.offline");

    @TempDir
    Path temp;

    @Test
    void guiCommandOpensGivenProject() throws Exception {
        Path folder;
        try (Project project = TestProjects.demoProject(temp, 6, 40)) {
            folder = project.folder().toAbsolutePath();
        }
        Path data = temp.resolve("data");
        Path output = temp.resolve("gui-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command(folder)).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("XDG_CONFIG_HOME", temp.resolve("config").toString());
        builder.environment().put("XDG_DATA_HOME", data.toString());
        builder.environment().put("OPT_OUT_TRACKING", "true");

        Process process = builder.start();
        Path log = data.resolve("regiontag").resolve("logs").resolve(GuiLogging.LOG_FILE);
        String expected = "Opened project " + folder;
        boolean opened = false;
        try {
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (!opened && process.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
                opened = read(log).contains(expected);
            }
            opened = opened || read(log).contains(expected);
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }

        assertThat(opened).as("log line '%s'; the process wrote:%n%s%nand logged:%n%s", expected, read(output),
                read(log)).isTrue();
    }

    private static List<String> command(Path folder) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        for (String name : PASSED_PROPERTIES) {
            String value = System.getProperty(name);
            if (value != null) {
                command.add("-D" + name + "=" + value);
            }
        }
        command.add("-cp");
        // Surefire may start the tests from a jar whose manifest lists the class path; this property has it in full.
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.add("gui");
        command.add(folder.toString());
        return command;
    }

    private static String read(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readString(file) : "";
    }
}
