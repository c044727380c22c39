package org.regiontag.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PointingGameTest {

    private static final Rgb RED = new Rgb(0.9, 0.1, 0.1);
    private static final Rgb BLUE = new Rgb(0.1, 0.2, 0.9);

    private final SceneGenerator generator = new SceneGenerator();

    @Test
    void coverageAsHeatmapAlwaysHits() {
        PointingGame game = new PointingGame();
        for (long index = 0; index < 100; index++) {
            SceneLabels labels = generator.labels(generator.generate(41, index));
            float[] coverage = labels.coverage();
            for (SceneCategory category : labels.presentCategories()) {
                float[] heatmap = new float[64];
                System.arraycopy(coverage, category.ordinal() * 64, heatmap, 0, 64);

                assertThat(game.add(heatmap, 8, labels, category)).isTrue();
            }
        }

        assertThat(game.trials()).isGreaterThan(200);
        assertThat(game.accuracy()).isEqualTo(1.0);
        assertThat(game.randomBaseline()).isBetween(0.02, 0.5);
    }

    @Test
    void heatmapOnAnotherObjectMisses() {
        SceneLabels labels = generator.labels(SceneLabelsTest.scene(List.of(
                SceneObject.plain(SceneCategory.STAR, RED, 0.2, 0.2, 0.2, 0),
                SceneObject.plain(SceneCategory.RING, BLUE, 0.8, 0.8, 0.2, 0))));
        float[] onRing = new float[64];
        onRing[6 * 8 + 6] = 1;

        PointingGame game = new PointingGame();

        assertThat(game.add(onRing, 8, labels, SceneCategory.STAR)).isFalse();
        assertThat(game.add(onRing, 8, labels, SceneCategory.RING)).isTrue();
        assertThat(game.accuracy()).isEqualTo(0.5);
    }

    @Test
    void randomBaselineIsCoveredShareOfCells() {
        // An aligned square over cells 2 to 5 of each axis touches 16 of 64 cells.
        double size = 2 * 0.1875 * Math.sqrt(2);
        SceneLabels labels = generator.labels(SceneLabelsTest.scene(List.of(
                SceneObject.plain(SceneCategory.SQUARE, RED, 0.5, 0.5, size, 0))));
        PointingGame game = new PointingGame();

        game.add(new float[64], 8, labels, SceneCategory.SQUARE);

        assertThat(game.randomBaseline()).isCloseTo(16.0 / 64, within(1e-12));
        assertThat(game.hits()).as("an all-zero map points at cell 0, outside the square").isZero();
    }

    @Test
    void fullResolutionHeatmapHitsOnlyInsideObject() {
        SceneLabels labels = generator.labels(SceneLabelsTest.scene(List.of(
                SceneObject.plain(SceneCategory.RING, RED, 0.5, 0.5, 0.5, 0))));
        int side = 64;
        PointingGame game = new PointingGame();

        assertThat(game.add(peakAt(side, 32, 32), side, labels, SceneCategory.RING)).as("inside the hole").isFalse();
        assertThat(game.add(peakAt(side, 32, 16), side, labels, SceneCategory.RING)).as("on the band").isTrue();
        assertThat(game.add(peakAt(side, 2, 2), side, labels, SceneCategory.RING)).as("corner").isFalse();
    }

    @Test
    void gamesAddUp() {
        SceneLabels labels = generator.labels(SceneLabelsTest.scene(List.of(
                SceneObject.plain(SceneCategory.RING, RED, 0.5, 0.5, 0.5, 0))));
        PointingGame first = new PointingGame();
        PointingGame second = new PointingGame();
        first.add(peakAt(64, 32, 16), 64, labels, SceneCategory.RING);
        second.add(peakAt(64, 2, 2), 64, labels, SceneCategory.RING);

        first.merge(second);

        assertThat(first.trials()).isEqualTo(2);
        assertThat(first.hits()).isEqualTo(1);
    }

    @Test
    void invalidHeatmapsAreRejected() {
        SceneLabels labels = generator.labels(SceneLabelsTest.scene(List.of(
                SceneObject.plain(SceneCategory.RING, RED, 0.5, 0.5, 0.5, 0))));
        PointingGame game = new PointingGame();
        float[] withNan = new float[64];
        withNan[5] = Float.NaN;

        assertThatThrownBy(() -> game.add(new float[63], 8, labels, SceneCategory.RING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("63 values");
        assertThatThrownBy(() -> game.add(new float[64], 8, labels, SceneCategory.STAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("star is absent");
        assertThatThrownBy(() -> game.add(withNan, 8, labels, SceneCategory.RING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThat(game.trials()).isZero();
        assertThat(game.accuracy()).isNaN();
    }

    private static float[] peakAt(int side, int row, int column) {
        float[] heatmap = new float[side * side];
        heatmap[row * side + column] = 1;
        return heatmap;
    }
}
