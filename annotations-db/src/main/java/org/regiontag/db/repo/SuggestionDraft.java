package org.regiontag.db.repo;

/**
 * A suggestion as the engine computes it, before it is stored.
 *
 * @param imageId the cell's image
 * @param categoryId the cell's category
 * @param probability the model's probability that the cell is positive, in [0, 1]
 * @param visualScore cosine similarity to the visual prototype in [-1, 1], or {@code null} when prototypes are off
 * @param textScore cosine similarity to the text prototype in [-1, 1], or {@code null} when prototypes are off
 * @param proposedState the value proposed, or {@link ProposedState#NONE}
 * @param informativeness how much a decision would teach the model; higher is reviewed first
 * @param possibleError whether the model disagrees with the cell's imported label
 */
public record SuggestionDraft(long imageId, long categoryId, double probability, Double visualScore,
        Double textScore, ProposedState proposedState, double informativeness, boolean possibleError) {
}
