package org.regiontag.engine.features;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The features of several images as float32 arrays of one manager, for a training or scoring
 * step. Closing the batch frees both arrays.
 *
 * @param sha256s the images, in batch order
 * @param globals the global embeddings {@code (batch, embedDim)}
 * @param dense the dense maps {@code (batch, height, width, embedDim)}
 */
public record FeatureBatch(List<String> sha256s, NDArray globals, NDArray dense) implements AutoCloseable {

    public int size() {
        return sha256s.size();
    }

    @Override
    public void close() {
        globals.close();
        dense.close();
    }
}
