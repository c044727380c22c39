package org.regiontag.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.regiontag.engine.train.LabelMatrix;

class PseudoLabelMetricsTest {

    @Test
    void countsOnlyUnknownCells() {
        LabelMatrix complete = LabelMatrix.of(new int[][] {
            {1, -1, 1},
            {-1, 1, -1},
            {1, 1, -1},
            {-1, -1, 1}});
        LabelMatrix known = LabelMatrix.of(new int[][] {
            {1, 0, 0},
            {0, 0, -1},
            {0, 0, 0},
            {-1, -1, 1}});
        LabelMatrix pseudo = LabelMatrix.of(new int[][] {
            {1, -1, 1},
            {-1, 0, 0},
            {1, -1, 1},
            {0, 0, 0}});

        PseudoLabelQuality quality = PseudoLabelMetrics.evaluate(known, pseudo, complete);

        // Unknown cells: (0,1) (0,2) (1,0) (1,1) (2,0) (2,1) (2,2) = 7, of which positive: (0,2) (1,1) (2,0) (2,1).
        // Pseudo-positives on unknown cells: (0,2) right, (2,0) right, (2,2) wrong → precision 2/3;
        // the pseudo-positive on known cell (0,0) is ignored.
        assertThat(quality.unknownCells()).isEqualTo(7);
        assertThat(quality.pseudoPositives()).isEqualTo(3);
        assertThat(quality.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(quality.recall()).isCloseTo(2.0 / 4, within(1e-12));
        // Pseudo-negatives: (0,1) right, (1,0) right, (2,1) wrong → 2/3.
        assertThat(quality.pseudoNegatives()).isEqualTo(3);
        assertThat(quality.negativePrecision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(quality.coverage()).isCloseTo(6.0 / 7, within(1e-12));
        // Image 0 estimated {0, 2} = truth {0, 2}; image 1 estimated {} ≠ {1} (unknown (1,1) stayed
        // unknown); image 2 estimated {0, 2} ≠ {0, 1}; image 3 has no unknown cell → 1 of 3.
        assertThat(quality.accuracy()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void precisionWithoutPseudoPositivesIsNaN() {
        LabelMatrix complete = LabelMatrix.of(new int[][] {{1, -1}});
        LabelMatrix known = LabelMatrix.unknown(1, 2);

        PseudoLabelQuality quality = PseudoLabelMetrics.evaluate(known, LabelMatrix.unknown(1, 2), complete);

        assertThat(quality.precision()).isNaN();
        assertThat(quality.recall()).isZero();
        assertThat(quality.coverage()).isZero();
        assertThat(quality.accuracy()).isZero();
    }
}
