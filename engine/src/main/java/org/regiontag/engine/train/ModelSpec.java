package org.regiontag.engine.train;

import org.regiontag.engine.train.text.TextSide;

/**
 * The inputs a model is built from besides its config and trained tensors.
 *
 * @param categoryQueries CARL's initial category queries, (categories, embedDim): the text
 *     embeddings of the hand-crafted prompts ("a photo of a {name}.") of each category
 * @param textSide creates the text side, whose parameters join the model's
 * @param prior the frozen prompt score a round adds to the head's logits under
 *     {@link TrainingConfig#promptPrior()}, fitted on this round's labels; null when the model has
 *     none or takes it from a saved state
 */
public record ModelSpec(float[][] categoryQueries, TextSide.Factory textSide, PromptPrior prior) {

    public ModelSpec {
        if (categoryQueries.length == 0 || categoryQueries[0].length == 0) {
            throw new IllegalArgumentException("at least one category query with a non-empty embedding is required");
        }
        if (prior != null && (prior.categories() != categoryQueries.length
                || prior.embedDim() != categoryQueries[0].length)) {
            throw new IllegalArgumentException("the prompt prior has " + prior.categories() + " categories of width "
                    + prior.embedDim() + "; the queries have " + categoryQueries.length + " of width "
                    + categoryQueries[0].length);
        }
        categoryQueries = categoryQueries.clone();
    }

    /** Creates a spec without a prompt prior of its own. */
    public ModelSpec(float[][] categoryQueries, TextSide.Factory textSide) {
        this(categoryQueries, textSide, null);
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
