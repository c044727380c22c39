package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option checks of {@code regiontag demo pretrain}; the training itself is tested in the engine. */
class DemoPretrainCommandTest {

    @TempDir
    Path temp;

    @Test
    void bothLengthsAreRejected() {
        CliRun run = CliRun.of("demo", "pretrain", "--out", temp.toString(), "--steps", "5", "--minutes", "1");

        assertThat(run.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(run.err()).contains("give either --steps or --minutes, not both");
    }

    @Test
    void missingLengthIsRejected() {
        CliRun run = CliRun.of("demo", "pretrain", "--out", temp.toString());

        assertThat(run.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(run.err()).contains("--steps N or --minutes M");
    }

    @Test
    void invalidStepCountIsRejected() {
        CliRun run = CliRun.of("demo", "pretrain", "--out", temp.toString(), "--steps", "0");

        assertThat(run.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(run.err()).contains("--steps 0 is invalid");
    }

    @Test
    void resumeWithoutStateNamesTheFile() {
        CliRun run = CliRun.of("demo", "pretrain", "--out", temp.toString(), "--resume");

        assertThat(run.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(run.err()).contains(temp.resolve("training-state.json").toString(), "without --resume");
    }

    @Test
    void helpListsTheOptions() {
        CliRun run = CliRun.of("demo", "pretrain", "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("--out", "--minutes", "--steps", "--seed", "--resume", "--device");
    }
}
