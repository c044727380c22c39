package org.regiontag.db.repo;

import org.regiontag.db.io.CellState;

/**
 * A ground-truth cell kept for evaluation; never a working label.
 *
 * @param imageId the image
 * @param categoryId the category
 * @param state the complete label's value
 */
public record CompleteLabel(long imageId, long categoryId, CellState state) {
}
