package org.regiontag.engine.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.regiontag.db.UserInputException;

/** Which knowledge-distillation term transfers the frozen zero-shot CLIP teacher to the student. */
public enum DistillationLoss {
    /**
     * Binary KL divergence between the teacher's and the student's per-cell probabilities at a
     * temperature, on every cell, unknown cells included.
     */
    BINARY_KL("binary-kl"),
    /**
     * 1 − cos(f_c, global) on known positive cells: pulls region representations towards the frozen
     * global image embedding.
     */
    FEATURE_COSINE("feature-cosine");

    private final String configName;

    DistillationLoss(String configName) {
        this.configName = configName;
    }

    /** The name used in saved configs. */
    @JsonValue
    public String configName() {
        return configName;
    }

    /**
     * Parses a config value.
     *
     * @throws UserInputException for any other value, naming the valid ones
     */
    @JsonCreator
    public static DistillationLoss parse(String value) {
        for (DistillationLoss loss : values()) {
            if (loss.configName.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
                return loss;
            }
        }
        throw new UserInputException(TrainMessages.get().format("distillationLoss.unknown", value));
    }
}
