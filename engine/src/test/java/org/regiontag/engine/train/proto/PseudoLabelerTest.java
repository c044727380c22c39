package org.regiontag.engine.train.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.PseudoLabelScore;
import org.regiontag.engine.train.TrainingConfig;

class PseudoLabelerTest {

    /** Six images, two categories; the first four images' labels are known. */
    private static final LabelMatrix KNOWN = LabelMatrix.of(new int[][] {
        {1, -1}, {1, -1}, {-1, 1}, {-1, -1}, {0, 0}, {0, 0}});

    @Test
    void unknownCellsFollowCalibratedThresholds() {
        float[][] fused = {{0.9f, 0.1f}, {0.8f, 0.2f}, {0.2f, 0.7f}, {0.3f, 0.3f}, {0.85f, 0.25f}, {0.5f, 0.75f}};
        CellScores scores = scores(fused, 1f);
        TrainingConfig config = TrainingConfig.builder().perCategoryThresholds(false).build();

        PseudoLabels labels = PseudoLabeler.assign(scores, KNOWN, config);

        // Pooled known cells: positives 0.9, 0.8, 0.7; negatives 0.3, 0.3, 0.2, 0.2, 0.1 → t+ = 0.7, t- = 0.3.
        assertThat(labels.positiveThresholds()).containsExactly(0.7f, 0.7f);
        assertThat(labels.negativeThresholds()[0]).isEqualTo(0.3f);
        assertThat(labels.labels().toArray()).isEqualTo(new int[][] {
            {0, 0}, {0, 0}, {0, 0}, {0, 0}, {1, -1}, {0, 1}});
    }

    @Test
    void interClassTestBlocksCloserRegions() {
        float[][] fused = {{0.9f, 0.1f}, {0.8f, 0.2f}, {0.2f, 0.7f}, {0.3f, 0.3f}, {0.85f, 0.25f}, {0.5f, 0.75f}};
        CellScores scores = scores(fused, -0.1f);
        TrainingConfig config = TrainingConfig.builder().perCategoryThresholds(false).build();

        PseudoLabels labels = PseudoLabeler.assign(scores, KNOWN, config);

        // Every margin is negative: no candidate passes, so no pseudo-positive; pseudo-negatives stay.
        assertThat(labels.positiveThresholds()[0]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(labels.labels().toArray()).isEqualTo(new int[][] {
            {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, -1}, {0, 0}});
    }

    @Test
    void perCategoryThresholdsAreStricter() {
        // Category 1's only known positive (0.7) is below a known negative (0.72) of category 1.
        float[][] fused = {{0.9f, 0.1f}, {0.8f, 0.72f}, {0.2f, 0.7f}, {0.3f, 0.3f}, {0.85f, 0.25f}, {0.5f, 0.75f}};
        CellScores scores = scores(fused, 1f);

        PseudoLabels pooled = PseudoLabeler.assign(scores, KNOWN,
                TrainingConfig.builder().perCategoryThresholds(false).positivePrecisionTarget(0.75).build());
        PseudoLabels perCategory = PseudoLabeler.assign(scores, KNOWN,
                TrainingConfig.builder().perCategoryThresholds(true).positivePrecisionTarget(0.75).build());

        assertThat(pooled.labels().get(5, 1)).isEqualTo(1);
        assertThat(perCategory.positiveThresholds()[1]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(perCategory.labels().get(5, 1)).isEqualTo(0);
        assertThat(perCategory.labels().get(4, 0)).isEqualTo(1);
    }

    @Test
    void probabilityScoreReplacesFusedScore() {
        float[][] probability = {{0.9f, 0.1f}, {0.8f, 0.2f}, {0.2f, 0.7f}, {0.3f, 0.3f}, {0.85f, 0.25f},
            {0.5f, 0.75f}};
        // The fused score ranks image 4's category 0 below the known negatives: no pseudo-positive there.
        float[][] fused = {{0.9f, 0.1f}, {0.8f, 0.2f}, {0.2f, 0.7f}, {0.3f, 0.3f}, {0.25f, 0.85f},
            {0.5f, 0.75f}};
        float[][] margins = new float[6][2];
        for (float[] row : margins) {
            java.util.Arrays.fill(row, 1f);
        }
        CellScores scores = new CellScores(probability, fused, fused, fused, margins);
        TrainingConfig base = TrainingConfig.builder().perCategoryThresholds(false).build();

        PseudoLabels fromProbability = PseudoLabeler.assign(scores, KNOWN,
                base.toBuilder().pseudoLabelScore(PseudoLabelScore.PROBABILITY).build());
        PseudoLabels fromFused = PseudoLabeler.assign(scores, KNOWN,
                base.toBuilder().pseudoLabelScore(PseudoLabelScore.FUSED).build());

        assertThat(fromProbability.labels().toArray()).isEqualTo(new int[][] {
            {0, 0}, {0, 0}, {0, 0}, {0, 0}, {1, -1}, {0, 1}});
        assertThat(fromFused.labels().toArray()).isEqualTo(new int[][] {
            {0, 0}, {0, 0}, {0, 0}, {0, 0}, {-1, 1}, {0, 1}});
    }

    private static CellScores scores(float[][] fused, float margin) {
        float[][] margins = new float[fused.length][fused[0].length];
        for (float[] row : margins) {
            java.util.Arrays.fill(row, margin);
        }
        return new CellScores(fused, fused, fused, fused, margins);
    }
}
