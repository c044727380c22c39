package org.regiontag.engine.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import org.regiontag.engine.train.Tensors;

/**
 * The asymmetric loss of Ridnik et al. (ASL, ICCV 2021) on known cells only, for partial labels.
 *
 * <p>With p = σ(z) and the shifted probability p_m = max(p − m, 0), a cell costs
 * <pre>
 *   positive (+1):  −(1 − p)^γ+ · log p
 *   negative (−1):  −p_m^γ− · log(1 − p_m)
 *   unknown  (0):   nothing
 * </pre>
 * and the loss is the mean over known cells (0 when a batch has none). ASL's reference code sums
 * over cells. We divide by the number of known cells instead, as Durand et al.'s partial BCE
 * (CVPR 2019) does, so that the term keeps its scale whatever the proportion of known labels. The focusing
 * weights are differentiated through, as in ASL's default. log p is computed as log σ(z) and
 * 1 − p_m as min(σ(−z) + m, 1), which equal ASL's probabilities but stay finite for large |z|.
 */
public final class AsymmetricLoss {

    private final double gammaNeg;
    private final double gammaPos;
    private final double clip;

    /**
     * @param gammaNeg γ−, the focusing exponent on negatives
     * @param gammaPos γ+, the focusing exponent on positives
     * @param clip m, the probability margin below which negatives cost nothing
     */
    public AsymmetricLoss(double gammaNeg, double gammaPos, double clip) {
        this.gammaNeg = gammaNeg;
        this.gammaPos = gammaPos;
        this.clip = clip;
    }

    /**
     * Computes the mean loss over known cells.
     *
     * @param logits z, (batch, categories)
     * @param targets +1, −1 or 0 per cell, (batch, categories), any floating type
     * @return the loss, a scalar of the logits' data type
     */
    public NDArray compute(NDArray logits, NDArray targets) {
        DataType dataType = logits.getDataType();
        NDArray positiveMask = targets.eq(1).toType(dataType, false); // (B, C)
        NDArray negativeMask = targets.eq(-1).toType(dataType, false); // (B, C)

        NDArray probability = Activation.sigmoid(logits); // (B, C)
        NDArray positiveTerm = Tensors.power(probability.neg().add(1), gammaPos).mul(Tensors.logSigmoid(logits)); // (B, C)

        NDArray shifted = Tensors.maximum(probability.sub(clip), 0); // p_m, (B, C)
        NDArray logOneMinusShifted = clip > 0
                ? Tensors.minimum(Activation.sigmoid(logits.neg()).add(clip), 1).log() // (B, C)
                : Tensors.logSigmoid(logits.neg()); // (B, C)
        NDArray negativeTerm = Tensors.power(shifted, gammaNeg).mul(logOneMinusShifted); // (B, C)

        NDArray total = positiveMask.mul(positiveTerm).add(negativeMask.mul(negativeTerm)).sum(); // ()
        NDArray known = positiveMask.add(negativeMask).sum().maximum(1); // ()
        return total.neg().div(known); // ()
    }
}
