package org.regiontag.db.io;

/**
 * The known value of an (image, category) cell. An unknown cell (a missing label) has no state:
 * it is absent from maps and has no row in the store.
 */
public enum CellState {
    POSITIVE,
    NEGATIVE;

    /** The state's name in the store and in exported files: {@code positive} or {@code negative}. */
    public String storeName() {
        return this == POSITIVE ? "positive" : "negative";
    }
}
