package org.regiontag.db.repo;

import java.util.Locale;

/** The position of an edit on the undo and redo stacks. */
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

    /** Returns the state with the given store name, or {@code null} for {@code null} (batches that are not edits). */
    public static UndoState fromStore(String name) {
        return name == null ? null : valueOf(name.toUpperCase(Locale.ROOT));
    }
}
