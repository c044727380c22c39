package org.regiontag.engine.train.proto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.regiontag.db.UserInputException;

/**
 * Every category's visual and text prototypes after a round, kept by the store per model version.
 *
 * @param embedDim the width of every prototype
 * @param categories one entry per category, in category order
 */
public record PrototypeState(int embedDim, List<CategoryPrototype> categories) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public PrototypeState {
        categories = List.copyOf(categories);
        for (int c = 0; c < categories.size(); c++) {
            CategoryPrototype prototype = categories.get(c);
            if (prototype.category() != c || prototype.text().length != embedDim) {
                throw new IllegalArgumentException("prototype " + c + " is " + prototype + " with a text prototype of "
                        + prototype.text().length + " values; expected category " + c + " and " + embedDim);
            }
        }
    }

    /** This state as JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("prototypes could not be written as JSON", e);
        }
    }

    /**
     * Reads a state written by {@link #toJson()}.
     *
     * @param source where the text comes from, for error messages
     * @throws UserInputException when the text is not a valid prototype state
     */
    public static PrototypeState fromJson(String json, String source) {
        try {
            return JSON.readValue(json, PrototypeState.class);
        } catch (JsonProcessingException e) {
            throw new UserInputException(source + ": the prototypes are not valid (" + e.getOriginalMessage()
                    + "); train a new round to recreate them", e);
        }
    }
}
