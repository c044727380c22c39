package org.regiontag.db.repo;

import org.regiontag.db.io.CellState;

/**
 * A known cell of the working labels with its provenance.
 *
 * <p>Who set the label and when are those of its batch ({@link LabelBatch#actor()} and
 * {@link LabelBatch#createdAt()}): the store keeps them once per batch, not once per label.
 *
 * @param imageId the image
 * @param categoryId the category
 * @param state positive or negative
 * @param source where the value came from
 * @param batchId the batch (edit, import, undo or redo) that set it
 */
public record Label(long imageId, long categoryId, CellState state, LabelSource source, long batchId) {
}
