package org.regiontag.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.SuggestionDraft;
import org.regiontag.engine.project.ProjectData;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.TrainingConfig;

class SuggestionPlannerTest {

    @TempDir
    Path temp;

    @Test
    void everyUnknownCellGetsItsInformativeness() {
        try (Project project = PipelineFixture.project(temp, 10, 0, 0.4)) {
            ProjectData data = ProjectData.read(project.database());
            int[] rows = allRows(data);
            float[][] probability = probabilities(data, 7);
            CellProposals proposals = CellProposals.fromProbabilities(probability, data.labels(rows),
                    TrainingConfig.defaults());

            SuggestionPlanner.Plan plan = SuggestionPlanner.plan(data, rows, probability, null, null, proposals);

            long[] positives = new long[data.categoryCount()];
            int unknown = 0;
            for (int row : rows) {
                for (int c = 0; c < data.categoryCount(); c++) {
                    positives[c] += data.label(row, c) == LabelMatrix.POSITIVE ? 1 : 0;
                    unknown += data.label(row, c) == LabelMatrix.UNKNOWN ? 1 : 0;
                }
            }
            List<SuggestionDraft> forUnknown = plan.drafts().stream().filter(d -> !d.possibleError()).toList();
            assertThat(forUnknown).hasSize(unknown);
            for (SuggestionDraft draft : forUnknown) {
                int row = rowOf(data, draft.imageId());
                int c = columnOf(data, draft.categoryId());
                double p = probability[row][c];
                assertThat(data.label(row, c)).isZero();
                assertThat(draft.probability()).isCloseTo(p, within(1e-7));
                assertThat(draft.informativeness()).isCloseTo(SuggestionPlanner.entropy(p) / Math.sqrt(1 + positives[c]),
                        within(1e-12));
                assertThat(draft.visualScore()).isNull();
            }
        }
    }

    @Test
    void confidentContradictionOfImportedLabelIsPossibleError() {
        try (Project project = PipelineFixture.project(temp, 10, 0, 0.6)) {
            ProjectData imported = ProjectData.read(project.database());
            int[] rows = allRows(imported);
            int[] positive = find(imported, LabelMatrix.POSITIVE, 0);
            int[] decided = find(imported, LabelMatrix.POSITIVE, 1);
            new LabelEditor(project.database()).setCell(imported.images().get(decided[0]).id(),
                    imported.categories().get(decided[1]).id(), CellState.POSITIVE, "tester", "keep");
            ProjectData data = ProjectData.read(project.database());
            float[][] probability = probabilities(data, 3);
            // Known positives score high except the two chosen ones, which the model calls negative.
            for (int row : rows) {
                for (int c = 0; c < data.categoryCount(); c++) {
                    if (data.label(row, c) == LabelMatrix.POSITIVE) {
                        probability[row][c] = 0.95f;
                    } else if (data.label(row, c) == LabelMatrix.NEGATIVE) {
                        probability[row][c] = 0.05f;
                    }
                }
            }
            probability[positive[0]][positive[1]] = 0.01f;
            probability[decided[0]][decided[1]] = 0.01f;
            CellProposals proposals = CellProposals.fromProbabilities(probability, data.labels(rows),
                    TrainingConfig.defaults());

            SuggestionPlanner.Plan plan = SuggestionPlanner.plan(data, rows, probability, null, null, proposals);

            List<SuggestionDraft> errors = plan.drafts().stream().filter(SuggestionDraft::possibleError).toList();
            assertThat(errors).singleElement().satisfies(error -> {
                assertThat(error.imageId()).isEqualTo(data.images().get(positive[0]).id());
                assertThat(error.categoryId()).isEqualTo(data.categories().get(positive[1]).id());
                assertThat(error.proposedState()).isEqualTo(ProposedState.NEGATIVE);
                assertThat(error.informativeness()).isCloseTo(0.98, within(1e-6));
            });
            assertThat(plan.counts().possibleErrors()).isEqualTo(1);
        }
    }

    /** The (row, column) of the n-th cell with the given label, in row-major order. */
    private static int[] find(ProjectData data, int label, int n) {
        int seen = 0;
        for (int row = 0; row < data.images().size(); row++) {
            for (int c = 0; c < data.categoryCount(); c++) {
                if (data.label(row, c) == label && seen++ == n) {
                    return new int[] {row, c};
                }
            }
        }
        throw new IllegalStateException("fewer than " + (n + 1) + " cells labelled " + label);
    }

    private static int[] allRows(ProjectData data) {
        return java.util.stream.IntStream.range(0, data.images().size()).toArray();
    }

    private static float[][] probabilities(ProjectData data, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[][] probability = new float[data.images().size()][data.categoryCount()];
        for (float[] row : probability) {
            for (int c = 0; c < row.length; c++) {
                row[c] = random.nextFloat();
            }
        }
        return probability;
    }

    private static int rowOf(ProjectData data, long imageId) {
        for (int row = 0; row < data.images().size(); row++) {
            if (data.images().get(row).id() == imageId) {
                return row;
            }
        }
        throw new IllegalStateException("no image " + imageId);
    }

    private static int columnOf(ProjectData data, long categoryId) {
        for (int c = 0; c < data.categoryCount(); c++) {
            if (data.categories().get(c).id() == categoryId) {
                return c;
            }
        }
        throw new IllegalStateException("no category " + categoryId);
    }

    @Test
    void entropyIsOneBitAtOneHalf() {
        assertThat(SuggestionPlanner.entropy(0.5)).isCloseTo(1.0, within(1e-12));
        assertThat(SuggestionPlanner.entropy(0.0)).isZero();
        assertThat(SuggestionPlanner.entropy(1.0)).isZero();
        // −0.9 log2 0.9 − 0.1 log2 0.1
        assertThat(SuggestionPlanner.entropy(0.9)).isCloseTo(0.4689955935892812, within(1e-12));
        assertThat(SuggestionPlanner.entropy(0.1)).isCloseTo(SuggestionPlanner.entropy(0.9), within(1e-15));
    }
}
