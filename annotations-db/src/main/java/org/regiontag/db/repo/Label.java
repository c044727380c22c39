package org.regiontag.db.repo;

import org.regiontag.db.io.CellState;

/**
 * A known cell of the working labels with its provenance.
 *
 * @param imageId the image
 * @param categoryId the category
 * @param state positive or negative
 * @param source where the value came from
 * @param actor who set it (a user name, or the importing user)
 * @param updatedAt when it was set, in the store's time format
 */
public record Label(long imageId, long categoryId, CellState state, LabelSource source, String actor,
        String updatedAt) {
}
