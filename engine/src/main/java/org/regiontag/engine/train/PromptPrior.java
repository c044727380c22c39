package org.regiontag.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;

/**
 * The frozen model's calibrated prompt score, which a model with {@link TrainingConfig#promptPrior()}
 * adds to every logit of its matching head, so that the head learns a residual on top of it.
 *
 * <p>For an image with global embedding e and the hand-crafted prompt embedding t_c of each category:
 * <pre>
 *   cos_c = cos(e, t_c),  m = mean_c cos_c
 *   prior_c = a·s·(cos_c − m) + d·s·(m − μ) + b
 * </pre>
 * with s the backbone's logit scale and a, d, b, μ the Platt calibration fitted on the known cells
 * at the start of the round (with one category, {@code prior = a·s·cos + b}). This is the logit of
 * the probability that round 0 and the distillation teacher give the same cell, so a trained model
 * whose head outputs zero reproduces round 0 exactly.
 *
 * <p>Nothing here is trained. The prompts and the calibration are saved with each version (as
 * {@link #PROMPTS} and {@link #CALIBRATION}), so that scoring needs neither the text encoder nor the
 * labels the calibration was fitted on.
 *
 * @param prompts the hand-crafted prompt embedding of every category, (categories, embedDim)
 * @param calibration a, d, b, μ and s, in that order
 */
public record PromptPrior(float[][] prompts, float[] calibration) {

    public static final String PROMPTS = "prior.prompts";
    public static final String CALIBRATION = "prior.calibration";
    private static final int CALIBRATION_VALUES = 5;

    public PromptPrior {
        if (prompts.length == 0 || prompts[0].length == 0) {
            throw new IllegalArgumentException("a prompt prior needs at least one prompt embedding");
        }
        if (calibration.length != CALIBRATION_VALUES) {
            throw new IllegalArgumentException("a prompt prior's calibration has a, d, b, μ and s; got "
                    + calibration.length + " values");
        }
        prompts = copy(prompts);
        calibration = calibration.clone();
    }

    /**
     * Creates a prior from a calibration's parameters.
     *
     * @param a the slope on the distance from the image's mean cosine
     * @param d the slope on the image's mean cosine
     * @param b the offset
     * @param meanCentre μ, the mean of the image means on the fitted rows
     * @param logitScale s, the backbone's logit scale
     */
    public static PromptPrior of(float[][] prompts, double a, double d, double b, double meanCentre,
            double logitScale) {
        return new PromptPrior(prompts,
                new float[] {(float) a, (float) d, (float) b, (float) meanCentre, (float) logitScale});
    }

    /** Reads the prior saved in a version's tensors; empty when the version was trained without one. */
    public static Optional<PromptPrior> fromState(TensorState state) {
        Optional<NamedTensor> prompts = state.get(PROMPTS);
        Optional<NamedTensor> calibration = state.get(CALIBRATION);
        if (prompts.isEmpty() || calibration.isEmpty()) {
            return Optional.empty();
        }
        long[] shape = prompts.get().shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("saved tensor " + PROMPTS + " must have two dimensions, has "
                    + shape.length);
        }
        float[][] rows = Tensors.unflatten(prompts.get().values(), (int) shape[0], (int) shape[1]);
        return Optional.of(new PromptPrior(rows, calibration.get().values()));
    }

    /** Returns the tensors that save this prior with a version. */
    public List<NamedTensor> tensors() {
        return List.of(new NamedTensor(PROMPTS, new long[] {prompts.length, prompts[0].length},
                        Tensors.flatten(prompts)),
                new NamedTensor(CALIBRATION, new long[] {CALIBRATION_VALUES}, calibration.clone()));
    }

    public int categories() {
        return prompts.length;
    }

    public int embedDim() {
        return prompts[0].length;
    }

    @Override
    public float[][] prompts() {
        return copy(prompts);
    }

    @Override
    public float[] calibration() {
        return calibration.clone();
    }

    /** Copies the prior into the engine, ready to score batches. */
    public Frozen frozen(NDManager manager, DataType dataType) {
        NDArray array = Tensors.create(manager, Tensors.flatten(prompts), new Shape(prompts.length, embedDim()),
                dataType);
        return new Frozen(Tensors.l2Normalize(array), calibration);
    }

    private static float[][] copy(float[][] rows) {
        float[][] copy = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }

    /** The prior's prompts in the engine, normalised, with its calibration. */
    public static final class Frozen {

        private final NDArray prompts;
        private final float[] calibration;

        private Frozen(NDArray prompts, float[] calibration) {
            this.prompts = prompts;
            this.calibration = calibration;
        }

        /**
         * Computes the prior logits of a batch.
         *
         * @param global the images' global embeddings, (B, embedDim)
         * @return (B, categories)
         */
        public NDArray logits(NDArray global) {
            float a = calibration[0];
            float d = calibration[1];
            float b = calibration[2];
            float meanCentre = calibration[3];
            float scale = calibration[4];
            NDArray cosines = Tensors.l2Normalize(global).matMul(prompts.transpose()); // (B, C)
            NDArray offset = Tensors.constant(cosines, b);
            if (prompts.getShape().get(0) == 1) {
                return Tensors.scale(cosines, (double) a * scale).add(offset);
            }
            NDArray mean = cosines.mean(new int[] {1}, true); // (B, 1)
            NDArray fromMean = Tensors.scale(cosines.sub(mean), (double) a * scale); // (B, C)
            NDArray imageTerm = Tensors.scale(mean.sub(Tensors.constant(mean, meanCentre)), (double) d * scale); // (B, 1)
            return fromMean.add(imageTerm).add(offset);
        }
    }
}
