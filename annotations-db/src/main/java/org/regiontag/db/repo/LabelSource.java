package org.regiontag.db.repo;

import java.util.Locale;

/** The origin of a working label. */
public enum LabelSource {
    /** Read from a dataset file by an import. */
    IMPORTED,
    /** Set by a person directly. */
    ANNOTATOR,
    /** A person accepted the model's suggestion: the label is the proposed state. */
    ACCEPTED_SUGGESTION,
    /** A person rejected the model's suggestion: the label is the opposite of the proposed state. */
    REJECTED_SUGGESTION;

    private final String storeName = name().toLowerCase(Locale.ROOT);

    /** Returns the source's name in the store and in exported provenance, such as {@code accepted_suggestion}. */
    public String storeName() {
        return storeName;
    }

    /**
     * Returns whether a person made this label. Suggestions and re-imports never overwrite such a label;
     * only an imported label may change without a person's action.
     */
    public boolean isHumanDecision() {
        return this != IMPORTED;
    }

    /** Returns the source with the given store name, or {@code null} for {@code null}. */
    public static LabelSource fromStore(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "imported" -> IMPORTED;
            case "annotator" -> ANNOTATOR;
            case "accepted_suggestion" -> ACCEPTED_SUGGESTION;
            case "rejected_suggestion" -> REJECTED_SUGGESTION;
            default -> throw new IllegalArgumentException("not a stored label source: '" + name + "'");
        };
    }
}
