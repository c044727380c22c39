package org.regiontag.engine.train;

import org.regiontag.engine.train.text.TextSide;

/**
 * The inputs a model is built from besides its config and trained tensors.
 *
 * @param categoryQueries CARL's initial category queries, (categories, embedDim): the text
 *     embeddings of the hand-crafted prompts ("a photo of a {name}.") of each category
 * @param textSide creates the text side, whose parameters join the model's
 */
public record ModelSpec(float[][] categoryQueries, TextSide.Factory textSide) {

    public ModelSpec {
        if (categoryQueries.length == 0 || categoryQueries[0].length == 0) {
            throw new IllegalArgumentException("at least one category query with a non-empty embedding is required");
        }
        categoryQueries = categoryQueries.clone();
    }

    @Override
    public float[][] categoryQueries() {
        return categoryQueries.clone();
    }

    public int categories() {
        return categoryQueries.length;
    }

    public int embedDim() {
        return categoryQueries[0].length;
    }
}
