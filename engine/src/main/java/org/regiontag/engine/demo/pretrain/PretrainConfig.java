package org.regiontag.engine.demo.pretrain;

/**
 * Settings of the demo model's pretraining on generated scenes.
 *
 * @param shape the model's sizes
 * @param seed the scene seed of the training images: step {@code s} trains on scenes
 *     {@code (seed, s·batchSize)} to {@code (seed, (s + 1)·batchSize − 1)}; it must differ from
 *     the demo project's seed, or the demo's images would be training images
 * @param steps optimiser steps, or 0 for a run with a time budget
 * @param minutes the training-time budget when {@code steps} is 0 (evaluations not counted): the
 *     cosine schedule then follows the share of the budget used rather than the share of steps,
 *     so that the run uses its budget whatever the machine's speed, which other processes on a
 *     shared machine change from minute to minute. Both 0 only for a resumed run, which then
 *     keeps its saved length.
 * @param batchSize scenes per step
 * @param learningRate AdamW's peak learning rate
 * @param warmupSteps linear warm-up from 0 to the peak; capped at a tenth of the steps
 * @param weightDecay decoupled weight decay of matrices and convolution kernels (vectors and
 *     scalars are not decayed)
 * @param captionWeight weight of the caption contrastive loss, 0 to leave it out
 * @param logEvery steps between lines of the training log
 * @param checkpointEvery steps between saved training states, from which {@code --resume} continues
 * @param evalEvery steps between evaluations on the demo test split, 0 for none before the end
 * @param evalImages test images of the evaluations during training
 * @param finalEvalImages test images of the final evaluation
 * @param eval where the evaluations take their test images
 */
public record PretrainConfig(DemoModelShape shape, long seed, int steps, double minutes, int batchSize,
        double learningRate, int warmupSteps, double weightDecay, double captionWeight, int logEvery,
        int checkpointEvery, int evalEvery, int evalImages, int finalEvalImages, DemoEvalSettings eval) {

    /**
     * The default scene seed of pretraining: far from the small seeds that demo projects and tests
     * use, so that no demo image is a training image.
     */
    public static final long DEFAULT_SEED = 20_261_205L;

    /**
     * Returns the default recipe: batch 128, AdamW at 2e-3 with a cosine schedule, caption loss at
     * 0.1. A PyTorch 1.13 implementation of this recipe reached 89.7 prompt-scoring mAP on these
     * scenes after 864 steps on 2 CPU cores. Weight decay 0.05 and 100 warm-up steps are common
     * choices for small models trained from scratch with AdamW, and that implementation did not
     * vary them. Evaluations every 200 steps on 300 test images take a few seconds each, about 2%
     * of the training time.
     */
    public static PretrainConfig defaults(long seed, int steps, double minutes) {
        return new PretrainConfig(DemoModelShape.DEFAULT, seed, steps, minutes, 128, 2e-3, 100, 0.05, 0.1, 10, 100,
                200, 300, 1000, DemoEvalSettings.DEFAULT);
    }

    public PretrainConfig {
        if (shape == null || eval == null) {
            throw new IllegalArgumentException("shape and eval are required");
        }
        if (steps < 0 || minutes < 0 || !Double.isFinite(minutes) || (steps > 0 && minutes > 0)) {
            throw new IllegalArgumentException("give either a positive step count or a positive time budget in"
                    + " minutes, found steps " + steps + " and minutes " + minutes);
        }
        if (batchSize < 2 || !(learningRate > 0) || warmupSteps < 0 || weightDecay < 0 || captionWeight < 0
                || logEvery < 1 || checkpointEvery < 1 || evalEvery < 0 || evalImages < 1 || finalEvalImages < 1) {
            throw new IllegalArgumentException("invalid pretraining settings: batch " + batchSize + ", learning rate "
                    + learningRate + ", warm-up " + warmupSteps + ", weight decay " + weightDecay + ", caption weight "
                    + captionWeight + ", intervals " + logEvery + "/" + checkpointEvery + "/" + evalEvery
                    + ", evaluation images " + evalImages + "/" + finalEvalImages);
        }
    }

    /** Returns whether the run's length is a time budget rather than a step count. */
    public boolean timed() {
        return steps == 0 && minutes > 0;
    }

    /** Returns the same settings with another step count (and no time budget). */
    public PretrainConfig withSteps(int newSteps) {
        return new PretrainConfig(shape, seed, newSteps, 0, batchSize, learningRate, warmupSteps, weightDecay,
                captionWeight, logEvery, checkpointEvery, evalEvery, evalImages, finalEvalImages, eval);
    }

    /** Returns the warm-up of a run of {@code totalSteps}: {@link #warmupSteps()}, at most a tenth of the run. */
    public int warmupFor(int totalSteps) {
        return Math.min(warmupSteps, totalSteps / 10);
    }

    /**
     * Returns the learning rate of optimiser step {@code step} (1-based) of a run of
     * {@code totalSteps}: linear warm-up to the peak, then a cosine decay to 0 at the last step.
     */
    public double learningRateAt(int step, int totalSteps) {
        int warmup = warmupFor(totalSteps);
        if (step <= warmup) {
            return learningRate * step / warmup;
        }
        double progress = (double) (step - warmup) / Math.max(1, totalSteps - warmup);
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }

    /**
     * Returns the learning rate of optimiser step {@code step} (1-based) of a timed run that has
     * used the share {@code progress} of its budget: the linear warm-up over
     * {@link #warmupSteps()} steps times a cosine decay from the peak at progress 0 to 0 at 1.
     */
    public double learningRateAtTime(int step, double progress) {
        double warmup = warmupSteps == 0 ? 1 : Math.min(1, (double) step / warmupSteps);
        return learningRate * warmup * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, progress))));
    }
}
