package org.regiontag.engine.train;

import java.util.List;
import org.regiontag.engine.train.loss.LossValues;
import org.regiontag.engine.train.proto.PrototypeState;

/**
 * The outcome of a round: the contents of the new model version.
 *
 * @param parameters every trainable tensor after the last step
 * @param prototypes the visual prototypes after the last step and the learned text prototypes
 * @param losses the loss terms of every step, in order
 */
public record RoundResult(TensorState parameters, PrototypeState prototypes, List<LossValues> losses) {

    public RoundResult {
        losses = List.copyOf(losses);
    }

    /** Returns the loss terms of the last step. */
    public LossValues lastLoss() {
        return losses.get(losses.size() - 1);
    }
}
