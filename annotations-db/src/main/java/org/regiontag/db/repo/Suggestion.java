package org.regiontag.db.repo;

/**
 * A stored suggestion for one cell.
 *
 * @param id the row id
 * @param imageId the cell's image
 * @param categoryId the cell's category
 * @param modelVersionId the model version that made it
 * @param probability the model's probability that the cell is positive, in [0, 1]
 * @param visualScore cosine similarity to the visual prototype, or {@code null}
 * @param textScore cosine similarity to the text prototype, or {@code null}
 * @param proposedState the value proposed
 * @param informativeness how much a decision would teach the model
 * @param possibleError whether the model disagrees with the cell's imported label
 * @param status the review status
 * @param createdAt when it was made, in the store's time format
 * @param decidedBy who accepted or rejected it, or {@code null}
 * @param decidedAt when, or {@code null}
 */
public record Suggestion(long id, long imageId, long categoryId, long modelVersionId, double probability,
        Double visualScore, Double textScore, ProposedState proposedState, double informativeness,
        boolean possibleError, SuggestionStatus status, String createdAt, String decidedBy, String decidedAt) {
}
