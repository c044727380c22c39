package org.regiontag.engine.pipeline;

/**
 * What a {@link Suggest} job stored.
 *
 * @param modelVersionId the version whose suggestions these are
 * @param round its round (0 for zero-shot)
 * @param zeroShot whether they come from the zero-shot scores
 * @param createdVersion whether the job registered that (zero-shot) version
 * @param counts the suggestions by proposed state, and possible label errors
 * @param stored suggestions stored as pending
 * @param imagesScored images with features that were scored
 * @param imagesWithoutFeatures usable images left out because they have no features yet
 */
public record SuggestResult(long modelVersionId, int round, boolean zeroShot, boolean createdVersion,
        SuggestionPlanner.Counts counts, int stored, int imagesScored, int imagesWithoutFeatures) {
}
