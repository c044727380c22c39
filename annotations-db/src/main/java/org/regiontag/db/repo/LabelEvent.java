package org.regiontag.db.repo;

import org.regiontag.db.io.CellState;

/**
 * One change of a working label in the append-only history. The {@code old*} fields hold the whole
 * previous label, so an undo restores it exactly; a {@code null} state means unknown.
 *
 * @param id the row id; 0 for an event not yet inserted
 * @param batchId the batch the change belongs to
 * @param imageId the cell's image
 * @param categoryId the cell's category
 * @param oldState the state before, or {@code null} when it was unknown
 * @param oldSource the source before, or {@code null} when it was unknown
 * @param oldBatchId the batch that had set the previous label, or {@code null} when it was unknown
 * @param newState the state after, or {@code null} when the change made it unknown
 * @param newSource the source after, or {@code null} when the change made it unknown
 * @param suggestionId the suggestion that an accept or reject decided, or {@code null}
 * @param actor who made the change
 * @param reason why, in a few words (such as {@code undo} or {@code re-import}), or {@code null}
 * @param createdAt when, in the store's time format
 */
public record LabelEvent(long id, long batchId, long imageId, long categoryId, CellState oldState,
        LabelSource oldSource, Long oldBatchId, CellState newState, LabelSource newSource,
        Long suggestionId, String actor, String reason, String createdAt) {

    /** The event that turns the label {@code before} (or unknown, when {@code null}) into {@code after}. */
    public static LabelEvent between(long batchId, long imageId, long categoryId, Label before, CellState newState,
            LabelSource newSource, Long suggestionId, String actor, String reason, String createdAt) {
        return new LabelEvent(0, batchId, imageId, categoryId,
                before == null ? null : before.state(), before == null ? null : before.source(),
                before == null ? null : before.batchId(),
                newState, newSource, suggestionId, actor, reason, createdAt);
    }
}
