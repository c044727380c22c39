package org.regiontag.engine.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.regiontag.db.UserInputException;

/** The score whose calibrated thresholds decide a pseudo-label's intra-class test. */
public enum PseudoLabelScore {
    /** The fused prototype score ½(s_v + s_t) of TRM-ML's MMCP. */
    FUSED("fused"),
    /** The model's probability, prompt prior included. */
    PROBABILITY("probability");

    private final String configName;

    PseudoLabelScore(String configName) {
        this.configName = configName;
    }

    /** Returns the name used in saved configs. */
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
    public static PseudoLabelScore parse(String value) {
        for (PseudoLabelScore score : values()) {
            if (score.configName.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
                return score;
            }
        }
        throw new UserInputException(TrainMessages.get().format("pseudoLabelScore.unknown", value));
    }
}
