package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.models.EmbeddedModel;
import org.regiontag.engine.pipeline.AnnotatorRounds;
import org.regiontag.engine.pipeline.RoundSummary;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.train.TrainingConfig;

/**
 * The headless annotation loop of the demo on real photographs: the VOC sample of the shared
 * folder, imported with a missing-label simulation. Only completion is checked, because the demo
 * model learned synthetic scenes and its quality on photographs is not expected to be good.
 */
@Tag("shared-data")
class PhotoRoundsTest {

    @TempDir
    Path temp;

    @Test
    void vocSampleCompletesThreeRounds() throws Exception {
        Path voc2012 = shared("voc-sample/VOCdevkit/VOC2012");
        Path project = temp.resolve("voc");
        assertThat(CliRun.of("init", project.toString()).status()).isZero();
        CliRun imported = CliRun.of("import", project.toString(), "--format", "voc", "--source", voc2012.toString(),
                "--keep-proportion", "0.2", "--seed", "1");
        assertThat(imported.status()).as(imported.err()).isZero();

        // NOTE: a tiny random checkpoint replaces the demo model while assets bundles no demo weights.
        // The loop and the store work the same with either.
        boolean embedded = new EmbeddedModel(getClass().getClassLoader()).isAvailable();
        String model = embedded ? EmbeddedModel.NAME : TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), 2)
                .toString();

        CliRun extract = CliRun.of("extract", project.toString(), "--model", model, "--device", "cpu");

        assertThat(extract.status()).as(extract.err()).isZero();
        assertThat(extract.out()).contains("extracted 100 images");
        if (embedded) {
            assertThat(extract.err()).contains("warning: the backbone is the demo model");
        }

        List<RoundSummary> summaries = new ArrayList<>();
        TrainingConfig config = TrainingConfig.defaults().toBuilder().stepsPerRound(5).warmupSteps(0).seed(1).build();
        try (Project opened = Project.open(project);
                Backbone backbone = PipelineSupport.openBackbone(opened, new PrintWriter(new StringWriter()))) {
            new AnnotatorRounds(opened, backbone, config, 3, 20, "tester", summaries::add)
                    .run(ProgressListener.NONE, new CancellationToken());
        }

        assertThat(summaries).extracting(RoundSummary::round).containsExactly(0, 1, 2, 3);
        for (RoundSummary summary : summaries) {
            assertThat(summary.evalSet()).as("round %d", summary.round()).isEqualTo("all");
            assertThat(summary.map()).as("mAP of round %d", summary.round()).isBetween(0.0, 100.0);
            assertThat(summary.review().decisions()).as("decisions of round %d", summary.round()).isEqualTo(20);
        }
    }

    private static Path shared(String relative) {
        String folder = System.getProperty("regiontag.shared.dir");
        assumeTrue(folder != null, "system property regiontag.shared.dir is not set; shared-data tests skipped");
        Path path = Path.of(folder, "datasets").resolve(relative).normalize();
        assumeTrue(Files.exists(path), path + " is absent; shared-data tests skipped");
        return path;
    }
}
