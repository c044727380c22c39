package org.regiontag.db.repo;

import java.util.Locale;
import org.regiontag.db.io.CellState;

/** The value a suggestion proposes for its cell. */
public enum ProposedState {
    POSITIVE,
    NEGATIVE,
    /** No value: the model is unsure, but a decision on the cell would teach it much. */
    NONE;

    public String storeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the proposed cell state, or {@code null} for {@link #NONE}. */
    public CellState cellState() {
        return switch (this) {
            case POSITIVE -> CellState.POSITIVE;
            case NEGATIVE -> CellState.NEGATIVE;
            case NONE -> null;
        };
    }

    public static ProposedState fromStore(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
