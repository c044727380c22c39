package org.regiontag.engine.train.heads;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * What a matching head computes for a batch.
 *
 * @param logits s_c per image and category, (batch, categories); probabilities are σ(logits)
 * @param regionMaps the spatial weights each category's score used, (batch, categories, h, w),
 *     summing to 1 over h·w; empty for image matching, which has none
 * @param regionFeatures the representation each category's score was computed from, (batch,
 *     categories, embedDim): CARL's f_c, the pixel head's softmax-weighted mean of normalised pixel
 *     features, or the global embedding repeated for image matching
 */
public record HeadOutput(NDArray logits, Optional<NDArray> regionMaps, NDArray regionFeatures) {
}
