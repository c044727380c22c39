package org.regiontag.engine.demo.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.regiontag.engine.train.NoGradient;

/**
 * AdamW (Loshchilov and Hutter, ICLR 2019) whose moments are ordinary arrays by parameter name,
 * so that a training state can save them and a resumed run continue with them. DJL's own AdamW
 * keeps its moments private, which would restart them at zero on every resume.
 *
 * <p>Update of a parameter {@code w} with gradient {@code g} at step {@code t}:
 * {@code m = β1·m + (1 − β1)·g}, {@code v = β2·v + (1 − β2)·g²},
 * {@code w = w − lr·wd·w − lr·(m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + ε)}, then the gradient is
 * set to zero (DJL's PyTorch engine accumulates gradients until they are cleared).
 */
final class AdamWOptimizer {

    /** PyTorch's default first-moment decay. */
    static final double BETA1 = 0.9;
    /** CLIP's second-moment decay: 0.98 rather than 0.999 reacts faster to loss spikes of small batches. */
    static final double BETA2 = 0.98;
    /** CLIP's epsilon for its ResNets. */
    static final double EPSILON = 1e-6;

    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();

    /**
     * Updates every parameter from its gradient and clears the gradient.
     *
     * @param parameters arrays that received gradients, by name
     * @param decayed whether each parameter is decayed, by name; missing means not decayed
     * @param step the 1-based update count, for the bias correction
     * @param learningRate this step's learning rate
     * @param weightDecay the decoupled decay of the decayed parameters
     * @param manager the manager that keeps the moments
     */
    void step(Map<String, NDArray> parameters, Map<String, Boolean> decayed, int step, double learningRate,
            double weightDecay, NDManager manager) {
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        try (NoGradient noGradient = NoGradient.enter(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                NDArray weight = entry.getValue();
                NDArray gradient = weight.getGradient();
                NDArray mean = moment(means, entry.getKey(), weight, manager);
                NDArray variance = moment(variances, entry.getKey(), weight, manager);

                mean.muli(BETA1).addi(gradient.mul(1 - BETA1));
                variance.muli(BETA2).addi(gradient.square().muli(1 - BETA2));
                if (Boolean.TRUE.equals(decayed.get(entry.getKey()))) {
                    weight.muli(1 - learningRate * weightDecay);
                }
                NDArray denominator = variance.div(correction2).sqrt().addi(EPSILON);
                weight.subi(mean.div(denominator).muli(learningRate / correction1));
                gradient.subi(gradient);
            }
        }
    }

    /** Returns the first moments by parameter name (the arrays themselves). */
    Map<String, NDArray> means() {
        return means;
    }

    /** Returns the second moments by parameter name (the arrays themselves). */
    Map<String, NDArray> variances() {
        return variances;
    }

    /** Sets the moments of a parameter from a saved state; the arrays must belong to a long-lived manager. */
    void restore(String name, NDArray mean, NDArray variance) {
        means.put(name, mean);
        variances.put(name, variance);
    }

    private static NDArray moment(Map<String, NDArray> moments, String name, NDArray weight, NDManager manager) {
        NDArray moment = moments.get(name);
        if (moment == null) {
            moment = manager.zeros(weight.getShape(), weight.getDataType());
            NDScope.unregister(moment);
            moments.put(name, moment);
        }
        return moment;
    }
}
