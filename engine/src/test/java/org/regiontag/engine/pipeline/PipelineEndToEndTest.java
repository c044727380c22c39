package org.regiontag.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.edit.EditResult;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.LabelSource;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.Suggestion;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.engine.heatmap.HeatmapKind;
import org.regiontag.engine.heatmap.HeatmapService;
import org.regiontag.engine.heatmap.SimilarityMap;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Progress;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;

class PipelineEndToEndTest {

    @TempDir
    Path temp;

    @Test
    void extractSuggestTrainReviewEvaluate() throws Exception {
        try (Project project = PipelineFixture.project(temp, 24, 12, 0.3);
                Backbone backbone = PipelineFixture.backbone(PipelineFixture.checkpoint(temp))) {
            List<Progress> progress = new ArrayList<>();

            ExtractionResult extraction = new ExtractFeatures(project, backbone).run(progress::add,
                    new CancellationToken());

            assertThat(extraction.extracted()).isEqualTo(36);
            assertThat(extraction.damaged() + extraction.missing() + extraction.changed()).isZero();
            assertThat(extraction.zeroShotScored()).isEqualTo(36);
            assertThat(progress).extracting(Progress::phase).contains("extract", "zero-shot");

            SuggestResult seeded = new Suggest(project, backbone).run(p -> { }, new CancellationToken());

            assertThat(seeded.zeroShot()).isTrue();
            assertThat(seeded.createdVersion()).isTrue();
            assertThat(seeded.round()).isZero();
            assertThat(seeded.stored()).isEqualTo(seeded.counts().total());
            assertThat(seeded.counts().total() - seeded.counts().possibleErrors())
                    .isEqualTo(unknownCells(project));

            FineTuneResult round = new FineTune(project, backbone, PipelineFixture.shortRound(5))
                    .run(p -> { }, new CancellationToken());

            assertThat(round.round()).isEqualTo(1);
            assertThat(round.parentId()).isEqualTo(seeded.modelVersionId());
            assertThat(round.trainingImages()).isEqualTo(24);
            assertThat(round.metrics().loss()).hasSize(5);
            assertThat(round.metrics().map()).isBetween(0.0, 100.0);
            assertThat(round.metrics().evalSet()).isEqualTo("test");
            assertThat(round.metrics().evalImages()).isEqualTo(12);
            List<ModelVersion> versions = ModelVersions.findAll(project);
            assertThat(versions).hasSize(2);
            assertThat(Files.isRegularFile(project.modelsFolder().resolve(versions.get(1).weightsFile()))).isTrue();
            List<Suggestion> pending = project.database().read(connection -> new SuggestionRepository(connection)
                    .findPendingSuggestions(10_000));
            assertThat(pending).isNotEmpty().allMatch(s -> s.modelVersionId() == round.modelVersionId());

            Suggestion first = pending.stream().filter(s -> s.proposedState() != ProposedState.NONE).findFirst()
                    .orElseThrow();
            EditResult accepted = new LabelEditor(project.database()).acceptSuggestion(first.imageId(),
                    first.categoryId(), "tester");

            assertThat(accepted.changed()).isEqualTo(1);
            var label = project.database().read(connection -> new LabelRepository(connection)
                    .findLabel(first.imageId(), first.categoryId())).orElseThrow();
            assertThat(label.source()).isEqualTo(LabelSource.ACCEPTED_SUGGESTION);
            assertThat(label.state()).isEqualTo(first.proposedState() == ProposedState.POSITIVE
                    ? CellState.POSITIVE : CellState.NEGATIVE);

            EvaluationReport report = new Evaluate(project, backbone).run(p -> { }, new CancellationToken());

            assertThat(report.modelVersionId()).isEqualTo(round.modelVersionId());
            assertThat(report.history()).hasSize(2);
            assertThat(report.history().get(0).metrics().kind()).isEqualTo("zero-shot");
            assertThat(report.history().get(1).metrics().loss()).hasSize(5);
            assertThat(report.evaluation().classification().averagePrecision()).hasSize(12);

            try (HeatmapService heatmaps = new HeatmapService(project, backbone)) {
                SimilarityMap textPixel = heatmaps.map(first.imageId(), first.categoryId(), HeatmapKind.TEXT_PIXEL);
                SimilarityMap region = heatmaps.map(first.imageId(), first.categoryId(), HeatmapKind.REGION);

                assertThat(textPixel.height()).isEqualTo(4);
                assertThat(region.width()).isEqualTo(4);
                double sum = 0;
                for (float value : region.values()) {
                    sum += value;
                }
                assertThat(sum).as("a region map sums to 1").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    private static long unknownCells(Project project) {
        var data = org.regiontag.engine.project.ProjectData.read(project.database());
        long unknown = 0;
        for (int row = 0; row < data.images().size(); row++) {
            for (int c = 0; c < data.categoryCount(); c++) {
                unknown += data.label(row, c) == 0 ? 1 : 0;
            }
        }
        return unknown;
    }
}
