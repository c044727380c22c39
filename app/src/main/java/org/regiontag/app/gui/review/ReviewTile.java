package org.regiontag.app.gui.review;

import org.regiontag.db.repo.ImageSummary;
import org.regiontag.db.repo.Suggestion;

/**
 * One image of the category review grid.
 *
 * @param suggestion the pending suggestion shown
 * @param image the image's summary (path, status), or {@code null} when the image is gone
 * @param decision what the person decided here so far
 */
public record ReviewTile(Suggestion suggestion, ImageSummary image, Decision decision) {

    /** A tile's decision in this grid. */
    public enum Decision {
        /** Not decided: accepting the page accepts it. */
        NONE,
        /** Rejected by a click or a key; accepting the page leaves it out. */
        REJECTED
    }

    ReviewTile withDecision(Decision newDecision) {
        return new ReviewTile(suggestion, image, newDecision);
    }
}
