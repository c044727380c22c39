package org.regiontag.engine.train.text;

import ai.djl.ndarray.NDArray;

/**
 * The positive and negative prompt embeddings of every category, in the joint space; not normalised.
 *
 * @param positive g⁺, (categories, embedDim)
 * @param negative g⁻, (categories, embedDim)
 */
public record TextEmbeddings(NDArray positive, NDArray negative) {

    public TextEmbeddings {
        if (!positive.getShape().equals(negative.getShape()) || positive.getShape().dimension() != 2) {
            throw new IllegalArgumentException("positive " + positive.getShape() + " and negative "
                    + negative.getShape() + " embeddings must both be (categories, embedDim)");
        }
    }

    public int categories() {
        return (int) positive.getShape().get(0);
    }

    public int embedDim() {
        return (int) positive.getShape().get(1);
    }
}
