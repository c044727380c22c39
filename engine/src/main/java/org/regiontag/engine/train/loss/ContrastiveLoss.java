package org.regiontag.engine.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.regiontag.engine.train.Tensors;

/**
 * TRM-ML's multimodal contrastive loss (MMCL) in the joint space, written as two supervised
 * contrastive terms in the "L_out" form of SupCon (Khosla et al., NeurIPS 2020).
 *
 * <p>TRM-ML's supplement describes only that text embeddings are the anchors, region representations of the same
 * category the positives, those of other categories the negatives, that they come from the batch
 * and a memory queue, and that a second part models intra- and inter-class distances. The exact
 * formula below is our reading.
 *
 * <p>Samples. Each sample s is a normalised region representation z_s with a category k_s and a
 * label l_s ∈ {+1, −1}: the batch samples (cells with a known or pseudo label, which carry
 * gradients) followed by the queue entries (constants). Unknown cells are not samples.
 *
 * <p>Text-anchored term. For every category c with at least one positive, anchor ĝ_c = g⁺_c/|g⁺_c|,
 * <pre>
 *   P(c) = { s : k_s = c, l_s = +1 }                            region of c where c is present
 *   A(c) = { s : l_s = +1 } ∪ { s : k_s = c, l_s = −1 }          P(c), regions of other present
 *                                                               categories, and f_c where c is absent
 *   ℓ_c  = −1/|P(c)| Σ_{p∈P(c)} log( exp(ĝ_c·z_p/τ) / Σ_{a∈A(c)} exp(ĝ_c·z_a/τ) )
 *   L_text = mean of ℓ_c over categories with P(c) non-empty
 * </pre>
 * Other categories' regions count as negatives only where that category is present: f_k of an image
 * without k attends to whatever is there, possibly an object of c itself.
 *
 * <p>Region term (intra-class pull, inter-class push). For every positive batch sample a,
 * <pre>
 *   P(a) = { s ≠ a : k_s = k_a, l_s = +1 }
 *   A(a) = { s ≠ a : l_s = +1 } ∪ { s ≠ a : k_s = k_a, l_s = −1 }
 *   ℓ_a  = −1/|P(a)| Σ_{p∈P(a)} log( exp(z_a·z_p/τ) / Σ_{s∈A(a)} exp(z_a·z_s/τ) )
 *   L_region = mean of ℓ_a over positive batch samples with P(a) non-empty
 * </pre>
 * and L_con = L_text + w·L_region, with w = {@code regionWeight}. Each term is 0 when nothing qualifies.
 */
public final class ContrastiveLoss {

    /** Subtracted from the logits of pairs outside A, so that exp() of them is exactly 0 in float32 and float64. */
    private static final double EXCLUSION_PENALTY = 1e4;

    private final double temperature;
    private final double regionWeight;

    /**
     * @param temperature τ of both terms
     * @param regionWeight w, the weight of the region term
     */
    public ContrastiveLoss(double temperature, double regionWeight) {
        this.temperature = temperature;
        this.regionWeight = regionWeight;
    }

    /**
     * The two terms and their weighted sum, each a scalar.
     *
     * @param text the text-anchored term
     * @param region the region term
     * @param total text + w · region
     */
    public record Terms(NDArray text, NDArray region, NDArray total) {
    }

    /**
     * Computes the loss.
     *
     * @param positivePrompts g⁺, (categories, embedDim), not necessarily normalised
     * @param batchFeatures region representations of the batch samples, (n, embedDim), not
     *     necessarily normalised; they carry gradients
     * @param batchCategories the category of each batch sample
     * @param batchLabels +1 or −1 for each batch sample
     * @param queue earlier samples, constants; may be empty
     */
    public Terms compute(NDArray positivePrompts, NDArray batchFeatures, int[] batchCategories, int[] batchLabels,
            MemoryQueue queue) {
        NDManager manager = batchFeatures.getManager();
        DataType dataType = batchFeatures.getDataType();
        int categories = (int) positivePrompts.getShape().get(0);
        int batchSize = batchCategories.length;
        int[] sampleCategories = concat(batchCategories, queue.categories());
        int[] sampleLabels = concat(batchLabels, queue.labels());
        int samples = sampleCategories.length;

        NDArray normalisedBatch = Tensors.l2Normalize(batchFeatures); // (n, D)
        NDArray allSamples = queue.size() == 0 ? normalisedBatch
                : normalisedBatch.concat(queue.features(manager, dataType), 0); // (n + q, D)
        NDArray anchors = Tensors.l2Normalize(positivePrompts); // (C, D)

        // Text-anchored term: rows are categories, columns are samples.
        float[] textPositives = new float[categories * samples];
        float[] textCandidates = new float[categories * samples];
        for (int c = 0; c < categories; c++) {
            for (int s = 0; s < samples; s++) {
                boolean positive = sampleCategories[s] == c && sampleLabels[s] == 1;
                boolean candidate = sampleLabels[s] == 1 || sampleCategories[s] == c;
                textPositives[c * samples + s] = positive ? 1 : 0;
                textCandidates[c * samples + s] = candidate ? 1 : 0;
            }
        }
        NDArray textLogits = Tensors.divide(anchors.matMul(allSamples.transpose()), temperature); // (C, n + q)
        NDArray text = supervisedContrast(manager, dataType, textLogits, textPositives, textCandidates,
                categories, samples); // ()

        // Region term: rows are batch samples, columns are all samples except the row's own.
        float[] regionPositives = new float[batchSize * samples];
        float[] regionCandidates = new float[batchSize * samples];
        for (int a = 0; a < batchSize; a++) {
            if (batchLabels[a] != 1) {
                continue;
            }
            for (int s = 0; s < samples; s++) {
                if (s == a) {
                    continue;
                }
                boolean sameCategory = sampleCategories[s] == batchCategories[a];
                regionPositives[a * samples + s] = sameCategory && sampleLabels[s] == 1 ? 1 : 0;
                regionCandidates[a * samples + s] = sampleLabels[s] == 1 || sameCategory ? 1 : 0;
            }
        }
        NDArray regionLogits = Tensors.divide(normalisedBatch.matMul(allSamples.transpose()), temperature); // (n, n + q)
        NDArray region = supervisedContrast(manager, dataType, regionLogits, regionPositives, regionCandidates,
                batchSize, samples); // ()

        return new Terms(text, region, text.add(Tensors.scale(region, regionWeight)));
    }

    /**
     * Mean over rows with at least one positive of −(1/|P|) Σ_{p∈P} log softmax over A of the logits.
     *
     * @param logits (rows, columns)
     * @param positives row-major 0/1 mask P, a subset of {@code candidates}
     * @param candidates row-major 0/1 mask A
     */
    private static NDArray supervisedContrast(NDManager manager, DataType dataType, NDArray logits,
            float[] positives, float[] candidates, int rows, int columns) {
        if (rows == 0 || columns == 0) {
            return manager.zeros(new Shape(), dataType);
        }
        Shape shape = new Shape(rows, columns);
        NDArray positiveMask = Tensors.create(manager, positives, shape, dataType); // (rows, columns)
        NDArray candidateMask = Tensors.create(manager, candidates, shape, dataType); // (rows, columns)

        NDArray masked = logits.add(candidateMask.sub(1).mul(EXCLUSION_PENALTY)); // (rows, columns)
        NDArray logProbability = masked.logSoftmax(1); // (rows, columns)
        NDArray positiveCount = positiveMask.sum(new int[] {1}); // (rows)
        NDArray rowLoss = positiveMask.mul(logProbability).sum(new int[] {1}).neg()
                .div(positiveCount.maximum(1)); // (rows)
        NDArray validRows = positiveCount.gt(0).toType(dataType, false); // (rows)
        return rowLoss.mul(validRows).sum().div(validRows.sum().maximum(1)); // ()
    }

    private static int[] concat(int[] first, int[] second) {
        int[] joined = new int[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
