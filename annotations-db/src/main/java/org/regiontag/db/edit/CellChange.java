package org.regiontag.db.edit;

import org.regiontag.db.io.CellState;

/**
 * A change a person requests on one cell.
 *
 * @param imageId the cell's image
 * @param categoryId the cell's category
 * @param newState the value to set, or {@code null} to make the cell unknown
 */
public record CellChange(long imageId, long categoryId, CellState newState) {
}
