package org.regiontag.db.repo;

/** The subset of a category's pending suggestions that the review grid shows. */
public enum ReviewSelection {
    /** Suggestions that propose the category present, highest probability first. */
    PROPOSED_POSITIVE,
    /**
     * Suggestions that disagree with an imported label, the most confident disagreement first:
     * the probability for a proposed positive, one minus it for a proposed negative.
     */
    POSSIBLE_ERRORS
}
