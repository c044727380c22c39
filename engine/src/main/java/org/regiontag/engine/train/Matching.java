package org.regiontag.engine.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.regiontag.db.UserInputException;

/** What a category's prompt embeddings are matched against; the ablation switch {@code --matching}. */
public enum Matching {
    /** CARL: a learned region representation per category (TRM-ML's text-region matching). */
    REGION("region"),
    /** DualCoOp's softmax-weighted aggregation of text-pixel similarities. */
    PIXEL("pixel"),
    /** CoOp's text-image matching on the global image embedding. */
    IMAGE("image");

    private final String configName;

    Matching(String configName) {
        this.configName = configName;
    }

    /** The name used on the command line and in saved configs. */
    @JsonValue
    public String configName() {
        return configName;
    }

    /**
     * Parses a command-line or config value.
     *
     * @throws UserInputException for any other value, naming the valid ones
     */
    @JsonCreator
    public static Matching parse(String value) {
        for (Matching matching : values()) {
            if (matching.configName.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
                return matching;
            }
        }
        throw new UserInputException(TrainMessages.get().format("matching.unknown", value));
    }
}
