package org.regiontag.db.repo;

import java.util.Locale;

/** The review status of a suggestion. */
public enum SuggestionStatus {
    /** Waiting for a person's decision. */
    PENDING,
    /** A person accepted it: the cell has the proposed state. */
    ACCEPTED,
    /** A person rejected it: the cell has the opposite state. */
    REJECTED,
    /** A newer model version's suggestions replaced it before anyone decided. */
    SUPERSEDED;

    public String storeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SuggestionStatus fromStore(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
