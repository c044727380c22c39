package org.regiontag.engine.train.proto;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.train.FeatureBatch;
import org.regiontag.engine.train.FeatureSource;
import org.regiontag.engine.train.NoGradient;
import org.regiontag.engine.train.Tensors;
import org.regiontag.engine.train.TrmModel;
import org.regiontag.engine.train.text.TextEmbeddings;

/**
 * Runs a trained model over every image of a feature source, without gradients, and scores each
 * cell against the multimodal prototypes (TRM-ML's MMCP).
 *
 * <p>For the region f_c of image i and the prototypes of every category k:
 * <pre>
 *   S[c][k] = w·cos(f_c, v_k) + (1 − w)·cos(f_c, ĝ⁺_k)     (cos(f_c, ĝ⁺_k) alone while k has no v_k)
 *   fused score s = S[c][c],   margin = S[c][c] − max_{k≠c} S[c][k]
 * </pre>
 * The inter-class test compares the fused score with every other category's fused prototypes,
 * which is our reading of "closer to prototype c than to any other".
 */
public final class CellScorer {

    private final TrmModel model;
    private final PrototypeState prototypes;
    private final double visualWeight;

    /**
     * @param model the trained model
     * @param prototypes the visual prototypes, or null before any round to score with text
     *     prototypes only. Their text prototypes are ignored because the model's current g⁺ is used.
     * @param visualWeight w
     */
    public CellScorer(TrmModel model, PrototypeState prototypes, double visualWeight) {
        this.model = model;
        this.prototypes = prototypes;
        this.visualWeight = visualWeight;
    }

    /**
     * Scores every image, a batch at a time.
     *
     * @param features the images
     * @param batchSize images per forward pass
     * @param token checked between batches
     */
    public CellScores score(FeatureSource features, int batchSize, CancellationToken token) {
        int images = features.size();
        int categories = model.textSide().categories();
        int embedDim = model.textSide().embedDim();
        if (prototypes != null && (prototypes.categories().size() != categories || prototypes.embedDim() != embedDim)) {
            throw new IllegalArgumentException("prototypes of " + prototypes.categories().size() + " categories of width "
                    + prototypes.embedDim() + " for a model of " + categories + " of width " + embedDim);
        }
        float[][] probability = new float[images][];
        float[][] visualScore = new float[images][categories];
        float[][] textScore = new float[images][categories];
        float[][] fusedScore = new float[images][categories];
        float[][] margin = new float[images][categories];

        boolean[] hasVisual = new boolean[categories];
        float[] visual = new float[categories * embedDim];
        for (CategoryPrototype prototype : prototypes == null ? List.<CategoryPrototype>of() : prototypes.categories()) {
            hasVisual[prototype.category()] = prototype.hasVisual();
            if (prototype.hasVisual()) {
                System.arraycopy(prototype.visual(), 0, visual, prototype.category() * embedDim, embedDim);
            }
        }

        NDManager base = model.parameters().manager();
        for (int start = 0; start < images; start += batchSize) {
            token.throwIfCancelled();
            int[] rows = new int[Math.min(batchSize, images - start)];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = start + i;
            }
            try (NDManager manager = base.newSubManager(); NDScope scope = new NDScope();
                    NoGradient noGradient = NoGradient.enter()) {
                scope.suppressNotUsedWarning();
                FeatureBatch batch = features.load(manager, rows);
                TrmModel.Forward forward = model.forward(batch);
                NDArray regions = Tensors.l2Normalize(forward.head().regionFeatures()); // (B, C, D)
                TextEmbeddings text = forward.text();
                NDArray visualPrototypes = Tensors.l2Normalize(Tensors.create(manager, visual,
                        new Shape(categories, embedDim), regions.getDataType())); // (C, D)
                NDArray toText = regions.matMul(Tensors.l2Normalize(text.positive()).transpose()); // (B, C, C)
                NDArray toVisual = regions.matMul(visualPrototypes.transpose()); // (B, C, C)
                float[] probabilities = Activation.sigmoid(forward.head().logits()).toType(
                        DataType.FLOAT32, false).toFloatArray();
                float[] textValues = toText.toType(DataType.FLOAT32, false).toFloatArray();
                float[] visualValues = toVisual.toType(DataType.FLOAT32, false).toFloatArray();

                for (int i = 0; i < rows.length; i++) {
                    int image = rows[i];
                    probability[image] = new float[categories];
                    System.arraycopy(probabilities, i * categories, probability[image], 0, categories);
                    for (int c = 0; c < categories; c++) {
                        int offset = (i * categories + c) * categories;
                        float own = Float.NaN;
                        float bestOther = Float.NEGATIVE_INFINITY;
                        for (int k = 0; k < categories; k++) {
                            float fused = hasVisual[k]
                                    ? (float) (visualWeight * visualValues[offset + k]
                                            + (1 - visualWeight) * textValues[offset + k])
                                    : textValues[offset + k];
                            if (k == c) {
                                own = fused;
                            } else {
                                bestOther = Math.max(bestOther, fused);
                            }
                        }
                        textScore[image][c] = textValues[offset + c];
                        visualScore[image][c] = hasVisual[c] ? visualValues[offset + c] : Float.NaN;
                        fusedScore[image][c] = own;
                        margin[image][c] = categories == 1 ? Float.POSITIVE_INFINITY : own - bestOther;
                    }
                }
            }
        }
        return new CellScores(probability, visualScore, textScore, fusedScore, margin);
    }
}
