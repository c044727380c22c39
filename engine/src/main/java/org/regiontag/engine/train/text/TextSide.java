package org.regiontag.engine.train.text;

import org.regiontag.engine.train.TrainableParameters;

/**
 * Whatever produces the prompt embeddings g⁺ and g⁻ that the matching heads compare with images:
 * the prompt learner on CLIP's text encoder, or {@link EmbeddingTextSide} (learnable embeddings).
 *
 * <p>{@link #embed()} runs once per training step, inside the gradient collector, so that the
 * gradients reach this side's trainable parameters.
 */
public interface TextSide {

    int categories();

    int embedDim();

    /** Computes g⁺ and g⁻ for every category, each (categories, embedDim), differentiably. */
    TextEmbeddings embed();

    /** Creates a text side whose trainable tensors are registered in {@code parameters}. */
    @FunctionalInterface
    interface Factory {

        /**
         * @param parameters the registry to create trainable tensors in; it decides the manager and
         *     the data type, and holds a saved value for any tensor that a previous round trained
         */
        TextSide create(TrainableParameters parameters);
    }
}
