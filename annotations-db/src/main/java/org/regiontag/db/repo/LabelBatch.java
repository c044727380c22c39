package org.regiontag.db.repo;

/**
 * A group of label changes recorded, undone and redone as one.
 *
 * @param id the row id
 * @param kind what made the changes
 * @param description one line for history lists and undo messages, such as {@code accept 'dog' on a.jpg}
 * @param actor who made them
 * @param createdAt when, in the store's time format
 * @param undoState for edits, the undo state; {@code null} for other kinds
 * @param undoneBy for undone edits, the undo batch that reverted it; otherwise {@code null}
 * @param targetId for undo and redo batches, the edit they act on; otherwise {@code null}
 */
public record LabelBatch(long id, BatchKind kind, String description, String actor, String createdAt,
        UndoState undoState, Long undoneBy, Long targetId) {
}
