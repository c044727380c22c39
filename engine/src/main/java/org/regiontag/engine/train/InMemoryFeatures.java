package org.regiontag.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** A {@link FeatureSource} over float arrays on the Java heap, for tests and sets small enough to hold in memory. */
public final class InMemoryFeatures implements FeatureSource {

    private final int size;
    private final int gridHeight;
    private final int gridWidth;
    private final int embedDim;
    private final float[] dense;
    private final float[] global;

    /**
     * @param dense row-major (size, h, w, d) values
     * @param global row-major (size, d) values
     */
    public InMemoryFeatures(int size, int gridHeight, int gridWidth, int embedDim, float[] dense, float[] global) {
        if ((long) size * gridHeight * gridWidth * embedDim != dense.length || (long) size * embedDim != global.length) {
            throw new IllegalArgumentException("feature arrays of " + dense.length + " and " + global.length
                    + " values do not match " + size + " images of " + gridHeight + "x" + gridWidth + "x" + embedDim);
        }
        this.size = size;
        this.gridHeight = gridHeight;
        this.gridWidth = gridWidth;
        this.embedDim = embedDim;
        this.dense = dense.clone();
        this.global = global.clone();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int gridHeight() {
        return gridHeight;
    }

    @Override
    public int gridWidth() {
        return gridWidth;
    }

    @Override
    public int embedDim() {
        return embedDim;
    }

    @Override
    public FeatureBatch load(NDManager manager, int[] rows) {
        int denseStride = gridHeight * gridWidth * embedDim;
        float[] denseBatch = new float[rows.length * denseStride];
        float[] globalBatch = new float[rows.length * embedDim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(dense, rows[i] * denseStride, denseBatch, i * denseStride, denseStride);
            System.arraycopy(global, rows[i] * embedDim, globalBatch, i * embedDim, embedDim);
        }
        NDArray denseArray = manager.create(denseBatch, new Shape(rows.length, gridHeight, gridWidth, embedDim));
        NDArray globalArray = manager.create(globalBatch, new Shape(rows.length, embedDim));
        return new FeatureBatch(denseArray, globalArray);
    }
}
