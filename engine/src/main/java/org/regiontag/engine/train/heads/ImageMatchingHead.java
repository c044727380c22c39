package org.regiontag.engine.train.heads;

import ai.djl.ndarray.NDArray;
import java.util.Optional;
import org.regiontag.engine.train.Matching;
import org.regiontag.engine.train.TrainableParameters;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.text.TextEmbeddings;

/**
 * CoOp-style text-image matching with dual prompts: s_c = α (cos(G, g⁺_c) − cos(G, g⁻_c)) for the
 * global image embedding G. It has no region map; its region representation is G for every
 * category, so prototypes and the contrastive loss still run on it.
 */
public final class ImageMatchingHead implements MatchingHead {

    private final ScoreScale scale;

    public ImageMatchingHead(TrainableParameters parameters, TrainingConfig config) {
        this.scale = new ScoreScale(parameters, config, false);
    }

    @Override
    public Matching matching() {
        return Matching.IMAGE;
    }

    @Override
    public HeadOutput forward(NDArray dense, NDArray global, TextEmbeddings text) {
        long batch = global.getShape().get(0);
        long embedDim = global.getShape().get(1);
        long categories = text.categories();

        NDArray regionFeatures = global.expandDims(1).broadcast(batch, categories, embedDim); // (B, C, D)
        NDArray logits = MatchingHeads.dualPromptLogits(regionFeatures, text, scale.logitScale()); // (B, C)
        return new HeadOutput(logits, Optional.empty(), regionFeatures);
    }
}
