package org.regiontag.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a child process that imports, edits, undoes, decides suggestions and runs the engine's
 * Suggest and FineTune jobs with SIGKILL at random moments, and checks the project after every kill.
 *
 * <p>{@code -Dregiontag.crash.kills=N} sets the number of kills (50 by default, which took two to
 * three minutes on two shared cores); {@code CrashHarness.main} runs the same harness outside JUnit.
 */
@Tag("slow")
class CrashSafetyTest {

    private static final Logger LOG = LoggerFactory.getLogger(CrashSafetyTest.class);

    @TempDir
    Path work;

    @Test
    void projectSurvivesRandomKills() throws Exception {
        int kills = Integer.getInteger("regiontag.crash.kills", 50);
        long seed = Long.getLong("regiontag.crash.seed", 20_240_501L);

        CrashHarness.Report report = new CrashHarness(new CrashHarness.Config(kills, seed, work, 5000, 10)).run();
        LOG.info("crash harness report:\n{}", report.format());

        assertThat(report.failures()).as(report.format()).isEmpty();
        assertThat(report.kills()).isEqualTo(kills);
        assertThat(report.acknowledged().getOrDefault("edit", 0)).as("acknowledged edits").isPositive();
        assertThat(report.acknowledged().getOrDefault("model", 0)).as("acknowledged model versions").isPositive();
        assertThat(report.acknowledged().getOrDefault("suggest", 0)).as("acknowledged suggestion runs").isPositive();
    }
}
