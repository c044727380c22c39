package org.regiontag.engine.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ground truth of one scene: which categories are present, how much of each object stays
 * visible, where each category is (coverage masks on a grid and visible masks at any pixel
 * size), and captions.
 *
 * <p>An object counts when at least {@link SceneConfig#minVisibleFraction()} of its area is
 * visible on the label raster ({@link SceneConfig#labelResolution()} samples per side); a
 * category is present when one of its objects counts. Masks and coverage include counted objects
 * only, so an absent category has zero coverage everywhere. Everything here comes from geometry,
 * never from rendered pixels, so labels do not depend on the render size or on Java2D.
 */
public final class SceneLabels {

    private static final int CATEGORY_COUNT = SceneCategory.values().length;

    private final Scene scene;
    private final SceneConfig config;
    private final SceneRaster labelRaster;
    private final boolean[] counted;
    private final boolean[] present;
    private final float[] coverage;

    private SceneLabels(Scene scene, SceneConfig config) {
        this.scene = scene;
        this.config = config;
        this.labelRaster = SceneRaster.of(scene.objects(), scene.strokes(), config.labelResolution());

        int objectCount = scene.objects().size();
        counted = new boolean[objectCount];
        present = new boolean[CATEGORY_COUNT];
        for (int o = 0; o < objectCount; o++) {
            counted[o] = labelRaster.area(o) > 0
                    && labelRaster.visibleFraction(o) >= config.minVisibleFraction();
            if (counted[o]) {
                present[scene.objects().get(o).category().ordinal()] = true;
            }
        }
        coverage = computeCoverage(config.gridSize());
    }

    /** Computes the labels of a scene under the given settings. */
    public static SceneLabels of(Scene scene, SceneConfig config) {
        return new SceneLabels(scene, config);
    }

    public Scene scene() {
        return scene;
    }

    /** Returns whether the category is present, that is, one of its objects is visible enough. */
    public boolean isPresent(SceneCategory category) {
        return present[category.ordinal()];
    }

    /** Presence of every category, indexed by {@link SceneCategory#ordinal()}; a copy. */
    public boolean[] presence() {
        return present.clone();
    }

    /** Returns the present categories in label order. */
    public List<SceneCategory> presentCategories() {
        List<SceneCategory> categories = new ArrayList<>();
        for (SceneCategory category : SceneCategory.values()) {
            if (present[category.ordinal()]) {
                categories.add(category);
            }
        }
        return Collections.unmodifiableList(categories);
    }

    /** Returns the visible share of object {@code index}'s area (objects in scene order). */
    public double visibleFraction(int index) {
        return labelRaster.visibleFraction(index);
    }

    /** Returns whether object {@code index} is visible enough to count. */
    public boolean isCounted(int index) {
        return counted[index];
    }

    /** Returns the number of objects that count. */
    public int countedObjects() {
        int count = 0;
        for (boolean value : counted) {
            count += value ? 1 : 0;
        }
        return count;
    }

    /** Cells per side of {@link #coverage()}. */
    public int gridSize() {
        return config.gridSize();
    }

    /**
     * Coverage masks on the configured grid: the visible share of each cell that each category
     * covers, in [0, 1]; a copy.
     *
     * @return (categories, gridSize, gridSize), row-major, category order of {@link SceneCategory}
     */
    public float[] coverage() {
        return coverage.clone();
    }

    /** Returns the share of cell (row, column) of the configured grid that the category visibly covers. */
    public float coverage(SceneCategory category, int row, int column) {
        int grid = config.gridSize();
        return coverage[(category.ordinal() * grid + row) * grid + column];
    }

    /**
     * Coverage masks on another grid, sampled at least {@link SceneConfig#labelResolution()} times
     * per image side, so that small objects still register.
     *
     * @return (categories, cells, cells), row-major
     */
    public float[] coverage(int cells) {
        if (cells == config.gridSize()) {
            return coverage.clone();
        }
        return computeCoverage(cells);
    }

    /**
     * Rasterises the category's visible mask at {@code size} by {@code size} pixels: true where the centre
     * of the pixel shows one of its counted objects.
     *
     * @return (size, size), row-major
     */
    public boolean[] visibleMask(SceneCategory category, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("mask size must be at least 1 pixel; got " + size);
        }
        SceneRaster raster = size == labelRaster.resolution()
                ? labelRaster
                : SceneRaster.of(scene.objects(), scene.strokes(), size);
        boolean[] mask = new boolean[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                mask[y * size + x] = ownedBy(raster.ownerAt(x, y), category);
            }
        }
        return mask;
    }

    /** Describes every counted object without colour words, such as "a star and two small rings". */
    public String caption() {
        return SceneCaptions.describe(scene.objects(), counted, false);
    }

    /** Describes every counted object with a colour word, such as "a red star and a small blue ring". */
    public String captionWithColours() {
        return SceneCaptions.describe(scene.objects(), counted, true);
    }

    private float[] computeCoverage(int cells) {
        if (cells < 1) {
            throw new IllegalArgumentException("coverage grid must have at least 1 cell per side; got " + cells);
        }
        int samplesPerCell = Math.max(1, (config.labelResolution() + cells - 1) / cells);
        int resolution = cells * samplesPerCell;
        SceneRaster raster = resolution == labelRaster.resolution()
                ? labelRaster
                : SceneRaster.of(scene.objects(), scene.strokes(), resolution);

        int[] counts = new int[CATEGORY_COUNT * cells * cells]; // (categories, cells, cells)
        for (int y = 0; y < resolution; y++) {
            int row = y / samplesPerCell;
            for (int x = 0; x < resolution; x++) {
                int o = raster.ownerAt(x, y);
                if (o >= 0 && counted[o]) {
                    int category = scene.objects().get(o).category().ordinal();
                    counts[(category * cells + row) * cells + x / samplesPerCell]++;
                }
            }
        }

        float[] result = new float[counts.length]; // (categories, cells, cells)
        float samplesInCell = samplesPerCell * samplesPerCell;
        for (int i = 0; i < counts.length; i++) {
            result[i] = counts[i] / samplesInCell;
        }
        return result;
    }

    private boolean ownedBy(int owner, SceneCategory category) {
        return owner >= 0 && counted[owner] && scene.objects().get(owner).category() == category;
    }
}
