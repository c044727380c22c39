package org.regiontag.db.edit;

/**
 * The outcome of an edit, undo or redo.
 *
 * @param batchId the batch that recorded the changes, or 0 when nothing changed and nothing was recorded
 * @param description the batch's one-line description
 * @param changed cells whose label changed
 * @param skipped cells left alone: a change that would not change anything, or, for undo and redo,
 *     a cell that something else changed since
 */
public record EditResult(long batchId, String description, int changed, int skipped) {

    /** Returns whether a batch was recorded (at least one cell changed). */
    public boolean recorded() {
        return batchId > 0;
    }
}
