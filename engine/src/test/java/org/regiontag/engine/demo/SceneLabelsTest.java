package org.regiontag.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneLabelsTest {

    private static final Rgb RED = new Rgb(0.9, 0.1, 0.1);
    private static final Rgb BLUE = new Rgb(0.1, 0.2, 0.9);
    private static final Rgb GREY = new Rgb(0.5, 0.5, 0.5);

    private final SceneGenerator generator = new SceneGenerator();

    @Test
    void presentCategoriesHaveCoverageAndAbsentOnesNone() {
        for (long index = 0; index < 300; index++) {
            SceneLabels labels = generator.labels(generator.generate(21, index));

            for (SceneCategory category : SceneCategory.values()) {
                double total = 0;
                for (int row = 0; row < labels.gridSize(); row++) {
                    for (int column = 0; column < labels.gridSize(); column++) {
                        total += labels.coverage(category, row, column);
                    }
                }
                if (labels.isPresent(category)) {
                    assertThat(total).as("scene %d, %s", index, category.label()).isGreaterThan(0);
                } else {
                    assertThat(total).as("scene %d, %s", index, category.label()).isZero();
                }
            }
        }
    }

    @Test
    void coverageOfCellsNeverExceedsOne() {
        for (long index = 0; index < 100; index++) {
            float[] coverage = generator.labels(generator.generate(22, index)).coverage();
            int cells = SceneConfig.DEFAULT.gridSize() * SceneConfig.DEFAULT.gridSize();
            for (int cell = 0; cell < cells; cell++) {
                double sum = 0;
                for (int c = 0; c < SceneCategory.values().length; c++) {
                    assertThat(coverage[c * cells + cell]).isBetween(0f, 1f);
                    sum += coverage[c * cells + cell];
                }
                // Each sample shows at most one object, so the categories share a cell.
                assertThat(sum).isLessThanOrEqualTo(1 + 1e-6);
            }
        }
    }

    @Test
    void objectFullyBehindAnotherIsNotLabelled() {
        Scene scene = scene(List.of(
                SceneObject.plain(SceneCategory.CIRCLE, RED, 0.5, 0.5, 0.12, 0),
                SceneObject.plain(SceneCategory.SQUARE, BLUE, 0.5, 0.5, 0.8, 0)));

        SceneLabels labels = generator.labels(scene);

        assertThat(labels.visibleFraction(0)).isZero();
        assertThat(labels.isPresent(SceneCategory.CIRCLE)).isFalse();
        assertThat(labels.isPresent(SceneCategory.SQUARE)).isTrue();
        assertThat(labels.presentCategories()).containsExactly(SceneCategory.SQUARE);
        assertThat(labels.visibleMask(SceneCategory.CIRCLE, 64)).doesNotContain(true);
        assertThat(labels.caption()).isEqualTo("a large square");
    }

    /**
     * A circle of radius 0.2 behind a large square whose right edge is at distance d from the
     * circle's centre keeps the circular segment beyond the edge visible. The reference is that
     * segment's share of the disc, (r² acos(d / r) - d sqrt(r² - d²)) / (π r²). The 64-gon differs
     * from the disc by 0.2%, and the raster from the 64-gon by about 1%.
     */
    @Test
    void partlyHiddenObjectIsLabelledByVisibleShare() {
        double radius = 0.2;
        for (double edgeOffset : new double[] {-0.1, -0.05, 0, 0.05, 0.1, 0.15}) {
            Scene scene = scene(List.of(
                    SceneObject.plain(SceneCategory.CIRCLE, RED, 0.5, 0.5, 2 * radius, 0),
                    squareWithRightEdgeAt(0.5 + edgeOffset)));

            SceneLabels labels = generator.labels(scene);

            double expected = segmentShare(radius, edgeOffset);
            assertThat(labels.visibleFraction(0)).as("edge offset %s", edgeOffset).isCloseTo(expected, within(0.015));
            assertThat(labels.isPresent(SceneCategory.CIRCLE)).as("edge offset %s", edgeOffset)
                    .isEqualTo(expected >= SceneConfig.DEFAULT.minVisibleFraction());
        }
    }

    @Test
    void coverageOfAlignedSquareMatchesItsArea() {
        // Half side 0.1875 = 1.5 cells of an 8-cell grid: cells 3 and 4 are full, 2 and 5 half covered.
        double halfSide = 0.1875;
        double size = 2 * halfSide * Math.sqrt(2);
        Scene scene = scene(List.of(SceneObject.plain(SceneCategory.SQUARE, RED, 0.5, 0.5, size, 0)));

        SceneLabels labels = generator.labels(scene);

        double[] columnShare = {0, 0, 0.5, 1, 1, 0.5, 0, 0};
        for (int row = 0; row < 8; row++) {
            for (int column = 0; column < 8; column++) {
                assertThat((double) labels.coverage(SceneCategory.SQUARE, row, column))
                        .as("cell (%d, %d)", row, column)
                        .isCloseTo(columnShare[row] * columnShare[column], within(1e-6));
            }
        }
        assertThat(labels.visibleFraction(0)).isEqualTo(1.0);
    }

    @Test
    void frontStrokeHidesWhatItCovers() {
        SceneObject square = SceneObject.plain(SceneCategory.SQUARE, RED, 0.5, 0.5, 0.4, 0);
        DistractorStroke stroke = new DistractorStroke(
                List.of(new DistractorStroke.Point(0.1, 0.5), new DistractorStroke.Point(0.9, 0.5)), 0.05, BLUE, true);
        DistractorStroke behind = new DistractorStroke(stroke.points(), stroke.width(), BLUE, false);

        SceneLabels covered = generator.labels(scene(List.of(square), List.of(stroke)));
        SceneLabels uncovered = generator.labels(scene(List.of(square), List.of(behind)));

        // The square's side is 0.4 / sqrt(2), so a 0.05 band across it hides 0.05 / 0.283 of it.
        double hidden = 0.05 / (0.4 / Math.sqrt(2));
        assertThat(covered.visibleFraction(0)).isCloseTo(1 - hidden, within(0.02));
        assertThat(uncovered.visibleFraction(0)).isEqualTo(1.0);
        boolean[] mask = covered.visibleMask(SceneCategory.SQUARE, 100);
        assertThat(mask[50 * 100 + 50]).as("centre under the stroke").isFalse();
        assertThat(mask[40 * 100 + 50]).as("above the stroke").isTrue();
    }

    /**
     * The scanline raster must agree with a direct test of every sample against the outlines
     * (unit coordinates, crossing number) and the strokes, which shares no code with it.
     */
    @Test
    void rasterAgreesWithPointTests() {
        int resolution = 96;
        long mismatches = 0;
        long samples = 0;
        for (long index = 0; index < 60; index++) {
            Scene scene = generator.generate(23, index);
            SceneRaster raster = SceneRaster.of(scene.objects(), scene.strokes(), resolution);
            List<ObjectPlacement> placements = scene.objects().stream().map(ObjectPlacement::new).toList();

            for (int y = 0; y < resolution; y++) {
                for (int x = 0; x < resolution; x++) {
                    double px = (x + 0.5) / resolution;
                    double py = (y + 0.5) / resolution;
                    int expected = SceneRaster.BACKGROUND;
                    for (int o = 0; o < placements.size(); o++) {
                        if (placements.get(o).contains(px, py)) {
                            expected = o;
                        }
                    }
                    for (DistractorStroke stroke : scene.strokes()) {
                        if (stroke.inFront() && stroke.covers(px, py)) {
                            expected = SceneRaster.FRONT_STROKE;
                        }
                    }
                    samples++;
                    mismatches += raster.ownerAt(x, y) == expected ? 0 : 1;
                }
            }
        }

        // The two differ only where rounding puts a sample centre on an edge.
        assertThat((double) mismatches / samples).isLessThan(1e-4);
    }

    @Test
    void visibleMaskAveragesToCoverage() {
        for (long index = 0; index < 30; index++) {
            SceneLabels labels = generator.labels(generator.generate(24, index));
            for (SceneCategory category : labels.presentCategories()) {
                boolean[] mask = labels.visibleMask(category, 128);
                for (int row = 0; row < 8; row++) {
                    for (int column = 0; column < 8; column++) {
                        int count = 0;
                        for (int y = row * 16; y < row * 16 + 16; y++) {
                            for (int x = column * 16; x < column * 16 + 16; x++) {
                                count += mask[y * 128 + x] ? 1 : 0;
                            }
                        }
                        assertThat(labels.coverage(category, row, column)).isEqualTo(count / 256f);
                    }
                }
            }
        }
    }

    @Test
    void coverageOnOtherGridsKeepsTotalArea() {
        for (long index = 0; index < 30; index++) {
            SceneLabels labels = generator.labels(generator.generate(25, index));
            for (int cells : new int[] {7, 14, 32}) {
                float[] coverage = labels.coverage(cells);
                for (SceneCategory category : SceneCategory.values()) {
                    double area8 = area(labels.coverage(), category, 8);
                    double area = area(coverage, category, cells);
                    // Different sample grids measure the same area to within a few samples' worth.
                    assertThat(area).as("scene %d, %s, grid %d", index, category.label(), cells)
                            .isCloseTo(area8, within(0.003));
                }
            }
        }
    }

    /**
     * Renders at 64 and 256 px must paint every visible object where its mask puts it: pixels well
     * inside a mask show the object's colour, give or take its shading and the grain.
     */
    @Test
    void rendersPaintMasksInObjectColours() {
        for (int size : new int[] {64, 256}) {
            int margin = size / 64 + 1;
            long checked = 0;
            for (long index = 0; index < 40; index++) {
                Scene scene = generator.generate(26, index);
                SceneLabels labels = generator.labels(scene);
                BufferedImage image = generator.render(scene, size);
                SceneRaster raster = SceneRaster.of(scene.objects(), scene.strokes(), size);

                for (int y = margin; y < size - margin; y++) {
                    for (int x = margin; x < size - margin; x++) {
                        int owner = raster.ownerAt(x, y);
                        if (owner < 0 || !ownsNeighbourhood(raster, x, y, margin, owner)) {
                            continue;
                        }
                        SceneObject object = scene.objects().get(owner);
                        int rgb = image.getRGB(x, y);
                        checked++;
                        double grain = scene.background().grainAmplitude();
                        assertChannel((rgb >> 16) & 0xFF, object.colour().red(), object.shading(), grain, size, index);
                        assertChannel((rgb >> 8) & 0xFF, object.colour().green(), object.shading(), grain, size, index);
                        assertChannel(rgb & 0xFF, object.colour().blue(), object.shading(), grain, size, index);
                    }
                }
                assertThat(labels.countedObjects()).isEqualTo(scene.objects().size());
            }
            // About 40 scenes times 2.5 objects times their inner pixels.
            assertThat(checked).as("pixels checked at %d px", size).isGreaterThan(40L * size * size / 100);
        }
    }

    private static void assertChannel(int actual, double colour, double shading, double grain, int size, long index) {
        double tolerance = colour * shading + grain + 1.5 / 255;
        assertThat(actual / 255.0).as("size %d, scene %d", size, index).isCloseTo(colour, within(tolerance));
    }

    private static boolean ownsNeighbourhood(SceneRaster raster, int x, int y, int margin, int owner) {
        for (int dy = -margin; dy <= margin; dy++) {
            for (int dx = -margin; dx <= margin; dx++) {
                if (raster.ownerAt(x + dx, y + dy) != owner) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double area(float[] coverage, SceneCategory category, int cells) {
        double sum = 0;
        for (int i = 0; i < cells * cells; i++) {
            sum += coverage[category.ordinal() * cells * cells + i];
        }
        return sum / (cells * cells);
    }

    private static double segmentShare(double radius, double offset) {
        double segment = radius * radius * Math.acos(offset / radius) - offset * Math.sqrt(radius * radius - offset * offset);
        return segment / (Math.PI * radius * radius);
    }

    /** Creates a square of size 0.9 (half side 0.318), vertically centred, whose right edge lies at {@code x}. */
    private static SceneObject squareWithRightEdgeAt(double x) {
        double halfSide = 0.9 / 2 / Math.sqrt(2);
        return SceneObject.plain(SceneCategory.SQUARE, BLUE, x - halfSide, 0.5, 0.9, 0);
    }

    static Scene scene(List<SceneObject> objects) {
        return scene(objects, List.of());
    }

    static Scene scene(List<SceneObject> objects, List<DistractorStroke> strokes) {
        Background plain = new Background(GREY, GREY, 0, 1, 0, 0, GREY, 0, 0.1, 0, List.of(), 0, 0);
        return new Scene(0, 0, plain, strokes, objects);
    }
}
