package org.regiontag.engine.train.heads;

import ai.djl.ndarray.NDArray;
import java.util.Random;
import org.regiontag.engine.train.Tensors;
import org.regiontag.engine.train.TrainableParameters;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.text.TextEmbeddings;

/** Creates the head a config asks for, and the score and heatmap functions the heads share. */
public final class MatchingHeads {

    private MatchingHeads() {
    }

    /**
     * Creates the head of {@link TrainingConfig#matching()} with its parameters in {@code parameters}.
     *
     * @param queryInit CARL's initial category queries, (categories, embedDim); the other heads
     *     ignore it
     * @param random the source of random initial values
     */
    public static MatchingHead create(TrainingConfig config, TrainableParameters parameters, float[][] queryInit,
            Random random) {
        return switch (config.matching()) {
            case REGION -> new RegionMatchingHead(parameters, config, queryInit, random);
            case PIXEL -> new PixelMatchingHead(parameters, config);
            case IMAGE -> new ImageMatchingHead(parameters, config);
        };
    }

    /**
     * s_c = α (cos(f_c, g⁺_c) − cos(f_c, g⁻_c)).
     *
     * @param features (batch, categories, embedDim)
     * @param text g⁺ and g⁻, each (categories, embedDim)
     * @param logitScale α, (1)
     * @return (batch, categories)
     */
    static NDArray dualPromptLogits(NDArray features, TextEmbeddings text, NDArray logitScale) {
        NDArray normalised = Tensors.l2Normalize(features); // (B, C, D)
        NDArray positive = Tensors.rowDot(normalised, Tensors.l2Normalize(text.positive())); // (B, C)
        NDArray negative = Tensors.rowDot(normalised, Tensors.l2Normalize(text.negative())); // (B, C)
        return positive.sub(negative).mul(logitScale); // (B, C)
    }

    /**
     * The text-pixel heatmap cos(g⁺_c, F_ij) that the user can switch to (red high, blue low).
     *
     * @param dense (batch, h, w, embedDim)
     * @param positive g⁺, (categories, embedDim)
     * @return (batch, categories, h, w), values in [−1, 1]
     */
    public static NDArray textPixelMap(NDArray dense, NDArray positive) {
        long batch = dense.getShape().get(0);
        long height = dense.getShape().get(1);
        long width = dense.getShape().get(2);
        long categories = positive.getShape().get(0);
        NDArray cosine = Tensors.cosineMatrix(dense, positive); // (B, h, w, C)
        return cosine.transpose(0, 3, 1, 2).reshape(batch, categories, height, width); // (B, C, h, w)
    }
}
