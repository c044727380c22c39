package org.regiontag.engine.train;

import ai.djl.ndarray.NDManager;

/**
 * Cached frozen features of a fixed list of images (rows 0 … size − 1), loaded a batch at a time
 * so that a round never needs all of them in memory.
 */
public interface FeatureSource {

    /** The number of images. */
    int size();

    /** h, the rows of the dense feature grid. */
    int gridHeight();

    /** w, the columns of the dense feature grid. */
    int gridWidth();

    /** d, the width of the joint embedding space. */
    int embedDim();

    /**
     * Loads the features of the given rows, in that order, as float32 tensors in the manager.
     *
     * @return dense (rows.length, h, w, d) and global (rows.length, d)
     */
    FeatureBatch load(NDManager manager, int[] rows);
}
