package org.regiontag.app.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.cli.RegionTagCommand;
import org.regiontag.app.gui.EngineFixtures;
import org.regiontag.db.Project;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.engine.demo.DemoProject;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.JobCancelledException;
import org.regiontag.engine.job.Progress;
import org.regiontag.engine.pipeline.RoundMetrics;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.train.TrainingConfig;
import picocli.CommandLine;

/** The start page's demo job on a small demo project and a tiny random checkpoint. */
class DemoProjectJobTest {

    private static final DemoProject.Spec SMALL = new DemoProject.Spec(16, 8, 0.3, 2, 48);

    @TempDir
    Path temp;

    @Test
    void demoJobBuildsProjectWithFirstRound() throws Exception {
        Path folder = temp.resolve("demo");
        List<String> phases = new ArrayList<>();

        Path built = job().run(progress -> phases.add(progress.phase()), new CancellationToken());

        assertThat(built).isEqualTo(folder.toAbsolutePath().normalize());
        assertThat(DemoProject.isDemoProject(built)).isTrue();
        assertThat(phases).contains("train");
        try (Project project = Project.open(built)) {
            List<Integer> rounds = ModelVersions.findAll(project).stream()
                    .map(version -> RoundMetrics.fromJson(version.metrics()).round()).toList();
            assertThat(rounds).as("prompt scoring, then a trained round").containsExactly(0, 1);
            ModelVersion latest = ModelVersions.findLatest(project).orElseThrow();
            long suggestions = project.database().read(connection -> {
                try (var statement = connection.prepareStatement(
                        "SELECT COUNT(*) FROM suggestion WHERE model_version_id = ?")) {
                    statement.setLong(1, latest.id());
                    try (var rows = statement.executeQuery()) {
                        return rows.next() ? rows.getLong(1) : 0L;
                    }
                }
            });
            assertThat(suggestions).as("suggestions of the trained round").isPositive();
        }
    }

    @Test
    void cancelledBuildLeavesFolderEmptyAndRunsAgain() throws Exception {
        Path folder = temp.resolve("demo");
        CancellationToken token = new CancellationToken();
        Job<Path> job = job();

        assertThatThrownBy(() -> job.run(progress -> cancelOnFirst(progress, token), token))
                .isInstanceOf(JobCancelledException.class);
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).as("files left in the demo folder").isEmpty();
        }

        Path built = job.run(progress -> { }, new CancellationToken());
        try (Project project = Project.open(built)) {
            assertThat(ModelVersions.findAll(project)).hasSize(2);
        }
    }

    @Test
    void startPageDemoMatchesDemoCommandDefaults() {
        CommandLine.ParseResult parsed = RegionTagCommand.newCommandLine().parseArgs("demo");

        CommandLine.Model.CommandSpec spec = parsed.subcommand().commandSpec();
        DemoProject.Spec commandDefaults = new DemoProject.Spec(spec.findOption("--train-images").<Integer>getValue(),
                spec.findOption("--test-images").<Integer>getValue(),
                spec.findOption("--keep-proportion").<Double>getValue(),
                spec.findOption("--seed").<Integer>getValue(), spec.findOption("--image-size").<Integer>getValue());
        assertThat(DefaultEngineJobs.DEMO_SPEC).isEqualTo(commandDefaults);
    }

    private static void cancelOnFirst(Progress progress, CancellationToken token) {
        token.cancel();
    }

    private Job<Path> job() throws Exception {
        Path checkpoint = EngineFixtures.writeCheckpoint(temp);
        TrainingConfig round = TrainingConfig.defaults().toBuilder().stepsPerRound(EngineFixtures.ROUND_STEPS)
                .warmupSteps(0).batchSize(8).build();
        DefaultEngineJobs jobs = new DefaultEngineJobs(ProjectBackbones.forUser(), round, SMALL,
                checkpoint.toString());
        return jobs.createDemoProject(temp.resolve("demo"), "tester", "cpu").orElseThrow();
    }
}
