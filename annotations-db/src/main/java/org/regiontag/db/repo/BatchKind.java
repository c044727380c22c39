package org.regiontag.db.repo;

import java.util.Locale;

/** The kind of action that made a group of label changes. Only edits are on the undo stack. */
public enum BatchKind {
    /** A user action: one cell, or many at once (accept all suggestions of an image). */
    EDIT,
    /** An import of a dataset source. */
    IMPORT,
    /** The undo of an edit. */
    UNDO,
    /** The redo of an undone edit. */
    REDO;

    public String storeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BatchKind fromStore(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
