package org.regiontag.engine.train.heads;

import ai.djl.ndarray.NDArray;
import org.regiontag.engine.train.Matching;
import org.regiontag.engine.train.text.TextEmbeddings;

/**
 * Scores every category of every image of a batch by matching the prompt embeddings g⁺ and g⁻ with
 * a visual representation: a CARL region, aggregated pixels, or the whole image.
 */
public interface MatchingHead {

    Matching matching();

    /**
     * Runs the head.
     *
     * @param dense frozen dense features in the joint space, (batch, h, w, embedDim)
     * @param global frozen global image embeddings, (batch, embedDim)
     * @param text prompt embeddings, each (categories, embedDim)
     * @return logits (batch, categories), region maps (batch, categories, h, w) where the head has
     *     them, and region features (batch, categories, embedDim)
     */
    HeadOutput forward(NDArray dense, NDArray global, TextEmbeddings text);
}
