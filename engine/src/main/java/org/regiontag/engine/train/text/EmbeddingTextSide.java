package org.regiontag.engine.train.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.regiontag.engine.train.Tensors;
import org.regiontag.engine.train.TrainableParameters;

/**
 * A text side whose g⁺ and g⁻ are free learnable matrices, initialised from given embeddings
 * (typically CLIP's text embeddings of "a photo of a {name}." and of a negative phrase).
 *
 * <p>It skips the text encoder entirely, so a step costs nothing on the text side. It is the
 * ablation "no prompt learning" and a fallback when no text encoder is available; it cannot
 * generalise to categories it was not trained on.
 */
public final class EmbeddingTextSide implements TextSide {

    public static final String POSITIVE = "text.positive";
    public static final String NEGATIVE = "text.negative";

    private final TrainableParameters parameters;
    private final int categories;
    private final int embedDim;

    private EmbeddingTextSide(TrainableParameters parameters, float[][] positive, float[][] negative) {
        this.parameters = parameters;
        this.categories = positive.length;
        this.embedDim = positive[0].length;
        if (negative.length != categories || negative[0].length != embedDim) {
            throw new IllegalArgumentException("negative embeddings must be " + categories + " x " + embedDim);
        }
        Shape shape = new Shape(categories, embedDim);
        parameters.create(POSITIVE, shape,
                () -> Tensors.create(parameters.manager(), Tensors.flatten(positive), shape, parameters.dataType()));
        parameters.create(NEGATIVE, shape,
                () -> Tensors.create(parameters.manager(), Tensors.flatten(negative), shape, parameters.dataType()));
    }

    /**
     * A factory for learnable embeddings that start at the given values.
     *
     * @param positive initial g⁺, one row of embedDim values per category
     * @param negative initial g⁻, the same shape
     */
    public static TextSide.Factory factory(float[][] positive, float[][] negative) {
        if (positive.length == 0 || positive[0].length == 0) {
            throw new IllegalArgumentException("at least one category with a non-empty embedding is required");
        }
        float[][] positiveCopy = positive.clone();
        float[][] negativeCopy = negative.clone();
        return parameters -> new EmbeddingTextSide(parameters, positiveCopy, negativeCopy);
    }

    @Override
    public int categories() {
        return categories;
    }

    @Override
    public int embedDim() {
        return embedDim;
    }

    @Override
    public TextEmbeddings embed() {
        NDArray positive = parameters.array(POSITIVE); // (categories, embedDim)
        NDArray negative = parameters.array(NEGATIVE); // (categories, embedDim)
        return new TextEmbeddings(positive, negative);
    }
}
