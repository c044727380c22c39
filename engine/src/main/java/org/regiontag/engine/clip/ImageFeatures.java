package org.regiontag.engine.clip;

import ai.djl.ndarray.NDArray;

/**
 * The image side of CLIP for a batch, before L2 normalisation.
 *
 * @param global the image embeddings, {@code (batch, embedDim)}
 * @param dense the dense features in the joint space, {@code (batch, gridHeight, gridWidth, embedDim)},
 *     rows in reading order
 */
public record ImageFeatures(NDArray global, NDArray dense) implements AutoCloseable {

    @Override
    public void close() {
        global.close();
        dense.close();
    }
}
