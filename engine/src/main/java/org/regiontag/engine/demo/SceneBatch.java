package org.regiontag.engine.demo;

import java.util.List;

/**
 * A batch of rendered scenes for pretraining, as flat arrays in the layout that tensors take.
 * The arrays are shared, not copied: callers own them.
 */
public final class SceneBatch {

    private final int count;
    private final int size;
    private final int categoryCount;
    private final int gridSize;
    private final float[] images;
    private final float[] labels;
    private final float[] coverage;
    private final List<String> captions;

    SceneBatch(int count, int size, int categoryCount, int gridSize, float[] images, float[] labels, float[] coverage,
            List<String> captions) {
        this.count = count;
        this.size = size;
        this.categoryCount = categoryCount;
        this.gridSize = gridSize;
        this.images = images;
        this.labels = labels;
        this.coverage = coverage;
        this.captions = List.copyOf(captions);
    }

    /** Scenes in the batch. */
    public int count() {
        return count;
    }

    /** Pixels per image side. */
    public int size() {
        return size;
    }

    public int categoryCount() {
        return categoryCount;
    }

    /** Cells per side of the coverage masks. */
    public int gridSize() {
        return gridSize;
    }

    /** RGB images in [0, 1]: (count, 3, size, size), row-major. */
    public float[] images() {
        return images;
    }

    /** Multi-hot labels, 1 for present and 0 for absent: (count, categories). */
    public float[] labels() {
        return labels;
    }

    /** Visible share of each grid cell covered by each category: (count, categories, grid, grid). */
    public float[] coverage() {
        return coverage;
    }

    /** Captions without colour words, one per scene. */
    public List<String> captions() {
        return captions;
    }
}
