package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DoctorCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = RegionTagCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void doctorPassesOnCpu() {
        int status = run("doctor", "--device", "cpu");

        assertThat(status).as("stderr: %s", err).isEqualTo(RegionTagCommand.EXIT_OK);
        assertThat(out.toString()).doesNotContain("failed");
    }

    @Test
    void doctorReportsEngineAndDevice() {
        run("doctor", "--device", "cpu");

        assertThat(out.toString())
                .containsPattern("(?m)^Engine: +PyTorch 2\\.7\\.1, DJL 0\\.36\\.0$")
                .containsPattern("(?m)^Device: +cpu \\((no CUDA GPU found|\\d+ CUDA GPUs, CUDA \\S+)\\)$")
                .containsPattern("(?m)^Engine check: +passed \\(a dot product on cpu in \\d+ ms\\)$");
    }

    @Test
    void doctorReportsOfflineMode() {
        run("doctor", "--device", "cpu");

        assertThat(out.toString()).containsPattern("(?m)^Offline mode: +on ");
    }

    @Test
    void doctorReportsNativeLibraries() {
        run("doctor", "--device", "cpu");

        assertThat(out.toString())
                .containsPattern("(?m)^PyTorch native library: +/\\S+")
                .containsPattern("(?m)^Tokenizers native library: +/\\S+")
                .containsPattern("(?m)^SQLite: +3\\.\\d+\\.\\d+, native library ");
    }

    @Test
    void unknownDeviceIsUserError() {
        int status = run("doctor", "--device", "tpu");

        assertThat(status).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("unknown device 'tpu'; expected one of auto, cpu, gpu");
    }

    @Test
    void helpListsDeviceOption() {
        int status = run("doctor", "--help");

        assertThat(status).isEqualTo(RegionTagCommand.EXIT_OK);
        assertThat(out.toString()).contains("--device=auto|cpu|gpu").contains("Default: auto.");
    }
}
