package org.regiontag.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.MissingLabelSimulation;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.demo.DemoDataset;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.models.ModelCache;
import org.regiontag.engine.models.ModelLocator;
import org.regiontag.engine.pipeline.ExtractFeatures;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.TrainingConfig;

class BenchmarksTest {

    private static final TrainingConfig SHORT = TrainingConfig.builder().stepsPerRound(2).warmupSteps(0).batchSize(8)
            .queueSize(32).contextLength(2).build();

    @TempDir
    Path temp;

    @Test
    void ablationFillsEveryCellAndLeavesProjectAlone() throws Exception {
        try (Project project = project(); Backbone backbone = backbone()) {
            new ExtractFeatures(project, backbone).run(ProgressListener.NONE, new CancellationToken());
            List<String> before = dump(project);
            List<AblationConfig> configs = AblationConfig.standard(SHORT).subList(0, 2);

            AblationReport report = new AblationBenchmark(project, backbone, List.of(0.2, 0.5), configs, 2, 7)
                    .run(ProgressListener.NONE, new CancellationToken());

            assertThat(dump(project)).isEqualTo(before);
            assertThat(report.map()).hasDimensions(2, 2);
            for (double[] row : report.map()) {
                for (double value : row) {
                    assertThat(value).isBetween(0.0, 100.0);
                }
            }
            assertThat(report.evalSet()).isEqualTo("test");
            assertThat(report.evalImages()).isEqualTo(6);
            String markdown = report.toMarkdown();
            assertThat(markdown).contains("| configuration | 20% | 50% | Avg. |")
                    .contains("| region (CARL), all terms |")
                    .contains("| known labels | Accuracy | Precision | Recall |")
                    .contains("| 50% |");
        }
    }

    @Test
    void simulationDrawsAsTheImportDoes() throws Exception {
        try (Project project = project(); Backbone backbone = backbone()) {
            new ExtractFeatures(project, backbone).run(ProgressListener.NONE, new CancellationToken());
            BenchData data = BenchData.read(project, backbone);

            LabelMatrix known = data.simulate(0.4, 3);

            MissingLabelSimulation simulation = new MissingLabelSimulation(0.4, 3);
            for (int i = 0; i < known.rows(); i++) {
                for (int c = 0; c < known.categories(); c++) {
                    boolean kept = simulation.keeps(data.trainImages.get(i).path(), data.categories.get(c).name());
                    assertThat(known.get(i, c)).as("cell %d, %d", i, c)
                            .isEqualTo(kept ? data.trainComplete.get(i, c) : 0);
                }
            }
        }
    }

    @Test
    void annotatorsMakeTheirDecisionsEachRound() throws Exception {
        try (Project project = project(); Backbone backbone = backbone()) {
            new ExtractFeatures(project, backbone).run(ProgressListener.NONE, new CancellationToken());
            List<String> before = dump(project);

            AnnotatorReport report = new AnnotatorBenchmark(project, backbone, SHORT, 1, 5)
                    .run(ProgressListener.NONE, new CancellationToken());

            assertThat(dump(project)).isEqualTo(before);
            for (List<AnnotatorReport.Round> rounds : List.of(report.guided(), report.exhaustive())) {
                assertThat(rounds).extracting(AnnotatorReport.Round::round).containsExactly(0, 1);
                assertThat(rounds).extracting(AnnotatorReport.Round::decisions).containsExactly(5L, 10L);
                assertThat(rounds).extracting(AnnotatorReport.Round::known)
                        .containsExactly(report.knownAtStart() + 5, report.knownAtStart() + 10);
            }
            AnnotatorReport.Round first = report.guided().get(0);
            assertThat(first.accepted() + first.rejected()).isLessThanOrEqualTo(5);
            assertThat(report.toMarkdown()).contains("| round | decisions | labels known | mAP |")
                    .contains("An exhaustive review of every unknown cell needs " + report.unknownAtStart());
        }
    }

    private Project project() {
        Project project = Project.create(temp.resolve("project"), "bench");
        new DatasetWriter(project.database()).write(DemoDataset.write(temp.resolve("scenes"), 12, 6, 4, 48),
                new ImportOptions("tester", false, new MissingLabelSimulation(0.3, 1)), ProgressReporter.NONE);
        return project;
    }

    private Backbone backbone() throws Exception {
        Path checkpoint = TestCheckpoints.writeRandom(temp.resolve("tiny"), 5);
        return Backbone.open(BackboneSettings.defaults().withModel(checkpoint.toString()).withDevice("cpu"),
                new ModelLocator(new ModelCache(temp.resolve("cache")), BenchmarksTest.class.getClassLoader()));
    }

    private static List<String> dump(Project project) {
        return project.database().read(connection -> {
            List<String> rows = new ArrayList<>();
            for (String table : List.of("label", "model_version", "suggestion", "prototype", "complete_label",
                    "zero_shot")) {
                try (PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table);
                        ResultSet result = select.executeQuery()) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int column = 1; column <= columns; column++) {
                            row.append('|').append(result.getString(column));
                        }
                        rows.add(row.toString());
                    }
                }
            }
            return rows;
        });
    }
}
