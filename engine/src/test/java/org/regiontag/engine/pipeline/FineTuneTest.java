package org.regiontag.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.Suggestion;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.JobCancelledException;
import org.regiontag.engine.job.Progress;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.train.Matching;
import org.regiontag.engine.train.TrainingConfig;

class FineTuneTest {

    /** The tables a round writes, each dumped in full in key order. */
    private static final List<String> DUMPS = List.of(
            "SELECT * FROM label ORDER BY image_id, category_id",
            "SELECT * FROM label_event ORDER BY id",
            "SELECT * FROM label_batch ORDER BY id",
            "SELECT * FROM model_version ORDER BY id",
            "SELECT model_version_id, category_id, kind, centre, hex(vector) FROM prototype"
                    + " ORDER BY model_version_id, category_id, kind, centre",
            "SELECT * FROM suggestion ORDER BY id");

    @TempDir
    Path temp;

    @Test
    void cancelledRoundLeavesStoreUnchanged() throws Exception {
        try (Project project = PipelineFixture.project(temp, 16, 8, 0.3);
                Backbone backbone = PipelineFixture.backbone(PipelineFixture.checkpoint(temp))) {
            new ExtractFeatures(project, backbone).run(ProgressListener.NONE, new CancellationToken());
            new FineTune(project, backbone, PipelineFixture.shortRound(3)).run(ProgressListener.NONE,
                    new CancellationToken());
            acceptOneSuggestion(project);
            List<List<String>> before = dump(project);
            List<Path> filesBefore = files(project.modelsFolder());

            // "score" comes twice: the previous version's pseudo-labels before training, the new
            // version's suggestions after it; cancel in the second.
            for (String phase : List.of("train", "score")) {
                CancellationToken token = new CancellationToken();
                boolean[] trained = new boolean[1];
                ProgressListener cancelInPhase = progress -> {
                    trained[0] |= progress.phase().equals("train") && progress.done() == progress.total();
                    boolean late = phase.equals("train") || trained[0];
                    if (progress.phase().equals(phase) && progress.done() >= 2 && late) {
                        token.cancel();
                    }
                };
                FineTune round = new FineTune(project, backbone,
                        PipelineFixture.shortRound(6).toBuilder().matching(Matching.REGION).build());

                assertThatThrownBy(() -> round.run(cancelInPhase, token)).as("cancelled in %s", phase)
                        .isInstanceOf(JobCancelledException.class);
                assertThat(trained[0]).as("training finished before cancelling in %s", phase)
                        .isEqualTo(phase.equals("score"));

                assertThat(dump(project)).as("store after cancelling in %s", phase).isEqualTo(before);
                assertThat(files(project.modelsFolder())).as("models folder after cancelling in %s", phase)
                        .isEqualTo(filesBefore);
            }
        }
    }

    @Test
    void sameSeedTrainsIdenticalVersions() throws Exception {
        byte[][] weights = new byte[2][];
        List<List<Double>> losses = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Path folder = temp.resolve("run" + run);
            try (Project project = PipelineFixture.project(folder, 12, 4, 0.3);
                    Backbone backbone = PipelineFixture.backbone(PipelineFixture.checkpoint(folder))) {
                new ExtractFeatures(project, backbone).run(ProgressListener.NONE, new CancellationToken());
                FineTuneResult result = new FineTune(project, backbone, PipelineFixture.shortRound(4))
                        .run(ProgressListener.NONE, new CancellationToken());
                ModelVersion version = ModelVersions.findLatest(project).orElseThrow();
                weights[run] = Files.readAllBytes(project.modelsFolder().resolve(version.weightsFile()));
                losses.add(result.metrics().loss());
            }
        }

        assertThat(weights[1]).isEqualTo(weights[0]);
        assertThat(losses.get(1)).isEqualTo(losses.get(0));
    }

    @Test
    void secondRoundContinuesTheFirst() throws Exception {
        try (Project project = PipelineFixture.project(temp, 12, 4, 0.3);
                Backbone backbone = PipelineFixture.backbone(PipelineFixture.checkpoint(temp))) {
            new ExtractFeatures(project, backbone).run(ProgressListener.NONE, new CancellationToken());
            TrainingConfig config = PipelineFixture.shortRound(3);
            FineTuneResult first = new FineTune(project, backbone, config).run(ProgressListener.NONE,
                    new CancellationToken());
            List<Progress> progress = new ArrayList<>();

            FineTuneResult second = new FineTune(project, backbone, config).run(progress::add, new CancellationToken());

            assertThat(first.round()).isEqualTo(1);
            assertThat(first.parentId()).isNull();
            assertThat(second.round()).isEqualTo(2);
            assertThat(second.parentId()).isEqualTo(first.modelVersionId());
            assertThat(progress).extracting(Progress::phase).contains("score", "train", "save");
            List<Suggestion> pending = project.database().read(connection -> new SuggestionRepository(connection)
                    .findPendingSuggestions(100_000));
            assertThat(pending).allMatch(suggestion -> suggestion.modelVersionId() == second.modelVersionId());
        }
    }

    private static void acceptOneSuggestion(Project project) {
        Suggestion suggestion = project.database().read(connection -> new SuggestionRepository(connection)
                .findPendingSuggestions(100_000)).stream()
                .filter(s -> s.proposedState() != ProposedState.NONE).findFirst().orElseThrow();
        new LabelEditor(project.database()).acceptSuggestion(suggestion.imageId(), suggestion.categoryId(), "tester");
    }

    private static List<List<String>> dump(Project project) {
        return project.database().read(connection -> {
            List<List<String>> tables = new ArrayList<>();
            for (String sql : DUMPS) {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(sql);
                        ResultSet result = select.executeQuery()) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int column = 1; column <= columns; column++) {
                            row.append(result.getString(column)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                tables.add(rows);
            }
            return tables;
        });
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.sorted().toList();
        }
    }
}
