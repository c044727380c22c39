package org.regiontag.engine.train;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/**
 * Linear warm-up from 0 to the peak learning rate over {@link TrainingConfig#warmupSteps()}, then
 * cosine decay to {@link TrainingConfig#finalLearningRate()} at the end of the round, from DJL's
 * trackers. The optimizer requests update t = 1, 2, …, and update t of the warm-up gets peak·t/W, and
 * update W + u of the decay gets final + (peak − final)·(1 + cos(π·u/(steps − W)))/2.
 */
public final class LearningRateSchedule {

    private LearningRateSchedule() {
    }

    public static Tracker create(TrainingConfig config) {
        Tracker cosine = CosineTracker.builder()
                .setBaseValue((float) config.learningRate())
                .optFinalValue((float) config.finalLearningRate())
                .setMaxUpdates(config.stepsPerRound() - config.warmupSteps())
                .build();
        if (config.warmupSteps() == 0) {
            return cosine;
        }
        return WarmUpTracker.builder()
                .setMainTracker(cosine)
                .optWarmUpSteps(config.warmupSteps())
                .optWarmUpBeginValue(0f)
                .build();
    }
}
