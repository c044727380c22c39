package org.regiontag.engine.train;

import ai.djl.ndarray.NDArray;

/**
 * Frozen backbone outputs of a batch of images.
 *
 * @param dense dense features in the joint space, (batch, h, w, embedDim)
 * @param global global image embeddings, (batch, embedDim)
 */
public record FeatureBatch(NDArray dense, NDArray global) {
}
