package org.regiontag.engine.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import org.regiontag.engine.train.Tensors;

/** The two knowledge-distillation terms that transfer the frozen zero-shot CLIP teacher to the student. */
public final class DistillationTerms {

    /** Teacher probabilities are clamped to [ε, 1 − ε] before they are turned into logits. */
    public static final double TEACHER_EPSILON = 1e-6;

    private DistillationTerms() {
    }

    /**
     * Binary KL divergence at temperature T, on every cell (unknown cells included), as Hinton et
     * al. (2015) soften a classifier but with one Bernoulli distribution per cell:
     * <pre>
     *   q_t = σ(logit(p_t) / T),   q_s = σ(z / T)
     *   KL  = q_t log(q_t / q_s) + (1 − q_t) log((1 − q_t) / (1 − q_s))
     *   L   = T² · mean over cells of KL
     * </pre>
     * The factor T² keeps the gradient's scale independent of T, as in Hinton et al.
     *
     * @param logits the student's z, (batch, categories)
     * @param teacherProbabilities the teacher's p_t, (batch, categories), constants
     * @param temperature T
     * @return the loss, a scalar of the logits' data type
     */
    public static NDArray binaryKl(NDArray logits, NDArray teacherProbabilities, double temperature) {
        DataType dataType = logits.getDataType();
        NDArray teacher = teacherProbabilities.toType(dataType, false)
                .clip(TEACHER_EPSILON, 1 - TEACHER_EPSILON); // (B, C)
        NDArray teacherLogits = teacher.log().sub(teacher.neg().add(1).log()).div(temperature); // (B, C)
        NDArray teacherPositive = Activation.sigmoid(teacherLogits); // (B, C)
        NDArray studentLogits = Tensors.divide(logits, temperature); // (B, C)

        NDArray positivePart = teacherPositive.mul(
                Tensors.logSigmoid(teacherLogits).sub(Tensors.logSigmoid(studentLogits))); // (B, C)
        NDArray negativePart = teacherPositive.neg().add(1).mul(
                Tensors.logSigmoid(teacherLogits.neg()).sub(Tensors.logSigmoid(studentLogits.neg()))); // (B, C)
        return Tensors.scale(positivePart.add(negativePart).mean(), temperature * temperature); // ()
    }

    /**
     * Computes the feature variant: 1 − cos(f_c, G) averaged over known positive cells, pulling each
     * category's region representation towards the frozen global embedding G of its image.
     *
     * @param regionFeatures f, (batch, categories, embedDim)
     * @param global G, (batch, embedDim), constants
     * @param targets +1, −1 or 0 per cell, (batch, categories); only +1 cells count
     * @return the loss, a scalar; 0 when the batch has no known positive
     */
    public static NDArray featureCosine(NDArray regionFeatures, NDArray global, NDArray targets) {
        DataType dataType = regionFeatures.getDataType();
        NDArray mask = targets.eq(1).toType(dataType, false); // (B, C)
        NDArray cosine = Tensors.rowDot(Tensors.l2Normalize(regionFeatures),
                Tensors.l2Normalize(global.toType(dataType, false)).expandDims(1)); // (B, C)
        NDArray total = mask.mul(cosine.neg().add(1)).sum(); // ()
        return total.div(mask.sum().maximum(1)); // ()
    }
}
