package org.regiontag.db.repo;

import java.util.Locale;

/** Where an edit stands for undo and redo. */
public enum UndoState {
    /** Applied, on the undo stack. */
    DONE,
    /** Undone, on the redo stack. */
    UNDONE,
    /** Undone, then a later edit cleared the redo stack: it cannot be redone. */
    DISCARDED;

    public String storeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state with the given store name; {@code null} for {@code null} (batches that are not edits). */
    public static UndoState fromStore(String name) {
        return name == null ? null : valueOf(name.toUpperCase(Locale.ROOT));
    }
}
