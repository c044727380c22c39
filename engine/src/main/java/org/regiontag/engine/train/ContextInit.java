package org.regiontag.engine.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.regiontag.db.UserInputException;

/** How the learnable prompt contexts start. */
public enum ContextInit {
    /** Each context vector drawn from N(0, std²), as CoOp does by default. */
    RANDOM("random"),
    /** The token embeddings of a phrase such as "a photo of a", CoOp's other option. */
    PHRASE("phrase");

    private final String configName;

    ContextInit(String configName) {
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
    public static ContextInit parse(String value) {
        for (ContextInit init : values()) {
            if (init.configName.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
                return init;
            }
        }
        throw new UserInputException(TrainMessages.get().format("contextInit.unknown", value));
    }
}
