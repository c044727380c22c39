package org.regiontag.engine.train.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.regiontag.engine.train.Matching;
import org.regiontag.engine.train.Tensors;
import org.regiontag.engine.train.TrainableParameters;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.text.TextEmbeddings;

/**
 * Text-pixel matching with DualCoOp's class-specific region feature aggregation.
 *
 * <p>For each location j of an image with dense features F_j:
 * <pre>
 *   p_cj = cos(F_j, g⁺_c),   n_cj = cos(F_j, g⁻_c)
 *   w_c[j] = softmax_j( p_cj / τ_s )                   region map
 *   s_c = α Σ_j w_c[j] (p_cj − n_cj)                    logit
 * </pre>
 * The spatial weights come from the positive prompt only and weight both the positive and the
 * negative similarities, as in DualCoOp's published code (arXiv 2206.09541), which then compares
 * the two aggregated logits with a two-way softmax; σ of the difference is the same probability.
 * DualCoOp fixes 1/τ_s = 20 and a total scale of 5 × 20 = 100; here α and τ_s are learned from
 * the same starting values as CARL's, so that the ablation changes only the matching. The region
 * representation offered to prototypes and the contrastive loss is Σ_j w_c[j] F̂_j.
 */
public final class PixelMatchingHead implements MatchingHead {

    private final ScoreScale scale;

    public PixelMatchingHead(TrainableParameters parameters, TrainingConfig config) {
        this.scale = new ScoreScale(parameters, config, true);
    }

    @Override
    public Matching matching() {
        return Matching.PIXEL;
    }

    @Override
    public HeadOutput forward(NDArray dense, NDArray global, TextEmbeddings text) {
        Shape shape = dense.getShape();
        long batch = shape.get(0);
        long height = shape.get(1);
        long width = shape.get(2);
        long embedDim = shape.get(3);

        NDArray pixels = Tensors.l2Normalize(dense.reshape(batch, height * width, embedDim)); // (B, L, D)
        NDArray positive = pixels.matMul(Tensors.l2Normalize(text.positive()).transpose())
                .transpose(0, 2, 1); // (B, C, L)
        NDArray negative = pixels.matMul(Tensors.l2Normalize(text.negative()).transpose())
                .transpose(0, 2, 1); // (B, C, L)

        NDArray weights = positive.div(scale.spatialTemperature()).softmax(-1); // (B, C, L)
        NDArray difference = weights.mul(positive.sub(negative)).sum(new int[] {-1}); // (B, C)
        NDArray logits = difference.mul(scale.logitScale()); // (B, C)
        NDArray regionFeatures = weights.matMul(pixels); // (B, C, D)

        long categories = text.categories();
        return new HeadOutput(logits, Optional.of(weights.reshape(batch, categories, height, width)), regionFeatures);
    }
}
