package org.regiontag.engine.clip.resnet;

import ai.djl.ndarray.NDArray;

/**
 * The two outputs of {@link ModifiedResNet}, neither L2-normalised.
 *
 * @param imageEmbeds the global image embedding from attention pooling, {@code (batch, outputDim)}
 * @param denseFeatures every location of the last stage in the joint space, {@code (batch, h, w, outputDim)}
 */
public record ResNetFeatures(NDArray imageEmbeds, NDArray denseFeatures) {
}
