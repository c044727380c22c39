package org.regiontag.engine.project;

import org.regiontag.engine.train.TensorState;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.proto.PrototypeState;

/**
 * Everything a model version consists of.
 *
 * @param descriptor what it was made from
 * @param config the training configuration of its round (the defaults for a zero-shot version)
 * @param parameters the trainable tensors after the round; none for a zero-shot version
 * @param positive g⁺ of every category after the round, (categories, embedDim): the learned positive
 *     prompt embeddings, or the hand-crafted prompt embeddings of a zero-shot version
 * @param negative g⁻, (categories, embedDim); equal to {@code positive} for a zero-shot version
 * @param prototypes the visual and text prototypes after the round
 * @param metricsJson the round's metrics as JSON ({@link RoundMetrics})
 */
public record VersionContents(VersionDescriptor descriptor, TrainingConfig config, TensorState parameters,
        float[][] positive, float[][] negative, PrototypeState prototypes, String metricsJson) {
}
