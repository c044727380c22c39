package org.regiontag.engine.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The pixel-level pointing game of {@link DemoModelEvaluator} on hand-made heatmaps and masks. */
class DemoModelEvaluatorTest {

    private static final int GRID = 8;
    private static final int SCENE = 64;

    @Test
    void hottestCellInsideTheObjectHits() {
        float[] map = peakAt(2, 5);
        // The object covers the pixels of cell (2, 5): rows 16 to 23, columns 40 to 47.
        assertThat(DemoModelEvaluator.hottestPixelInside(map, GRID, GRID, SCENE, square(16, 40, 8))).isTrue();
    }

    @Test
    void hottestCellOnAnotherObjectMisses() {
        float[] map = peakAt(2, 5);
        assertThat(DemoModelEvaluator.hottestPixelInside(map, GRID, GRID, SCENE, square(48, 8, 12))).isFalse();
    }

    @Test
    void smallObjectHitsOnlyAtCellCentre() {
        float[] map = peakAt(4, 4);
        // Cell (4, 4) spans rows and columns 32 to 39; bilinear upsampling peaks at its centre, 35.5.
        assertThat(DemoModelEvaluator.hottestPixelInside(map, GRID, GRID, SCENE, square(34, 34, 4))).isTrue();
        assertThat(DemoModelEvaluator.hottestPixelInside(map, GRID, GRID, SCENE, square(32, 32, 2))).isFalse();
    }

    @Test
    void warmNeighbourShiftsThePeakTowardsIt() {
        float[] map = peakAt(3, 3);
        map[3 * GRID + 4] = 0.99f;
        // Between two almost equal cells the hottest pixel stays in the hotter one.
        assertThat(DemoModelEvaluator.hottestPixelInside(map, GRID, GRID, SCENE, square(24, 24, 8))).isTrue();
        assertThat(DemoModelEvaluator.hottestPixelInside(map, GRID, GRID, SCENE, square(24, 32, 8))).isFalse();
    }

    private static float[] peakAt(int row, int column) {
        float[] map = new float[GRID * GRID];
        map[row * GRID + column] = 1f;
        return map;
    }

    private static BitSet square(int top, int left, int side) {
        BitSet mask = new BitSet(SCENE * SCENE);
        for (int y = top; y < top + side; y++) {
            mask.set(y * SCENE + left, y * SCENE + left + side);
        }
        return mask;
    }
}
