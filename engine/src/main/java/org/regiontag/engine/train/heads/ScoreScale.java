package org.regiontag.engine.train.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.regiontag.engine.train.Tensors;
import org.regiontag.engine.train.TrainableParameters;
import org.regiontag.engine.train.TrainingConfig;

/**
 * The learnable scalars every head shares: the logit scale α = exp(head.logitScale), clamped at
 * {@link TrainingConfig#logitScaleMax()} as CLIP clamps its own, and the spatial temperature
 * τ_s = exp(head.spatialTemperature). Both are stored as logarithms so that they stay positive.
 */
final class ScoreScale {

    static final String LOGIT_SCALE = "head.logitScale";
    static final String SPATIAL_TEMPERATURE = "head.spatialTemperature";

    private final TrainableParameters parameters;
    private final double logMaxScale;
    private final boolean hasTemperature;

    ScoreScale(TrainableParameters parameters, TrainingConfig config, boolean withTemperature) {
        this.parameters = parameters;
        this.logMaxScale = Math.log(config.logitScaleMax());
        this.hasTemperature = withTemperature;
        parameters.create(LOGIT_SCALE, new Shape(1), () -> parameters.manager()
                .create(new double[] {Math.log(config.logitScaleInit())}));
        if (withTemperature) {
            parameters.create(SPATIAL_TEMPERATURE, new Shape(1), () -> parameters.manager()
                    .create(new double[] {Math.log(config.spatialTemperatureInit())}));
        }
    }

    /** α, (1). */
    NDArray logitScale() {
        return Tensors.minimum(parameters.array(LOGIT_SCALE), logMaxScale).exp(); // (1)
    }

    /** τ_s, (1). */
    NDArray spatialTemperature() {
        if (!hasTemperature) {
            throw new IllegalStateException("this head has no spatial temperature");
        }
        return parameters.array(SPATIAL_TEMPERATURE).exp(); // (1)
    }
}
