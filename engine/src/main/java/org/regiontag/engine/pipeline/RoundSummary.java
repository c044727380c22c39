package org.regiontag.engine.pipeline;

/**
 * One round of {@link AnnotatorRounds}: the model version of the round, its quality when it was
 * made, and the review of its suggestions that followed.
 *
 * @param round the round, 0 for prompt scoring by the frozen backbone before any training
 * @param modelVersionId the version
 * @param map mAP in percent on the evaluation images, or null without complete labels
 * @param pseudoPrecision pseudo-positives on unknown training cells that are positive in the
 *     complete labels, in percent, or null when the model proposed none
 * @param pseudoRecall positive unknown training cells that the model made pseudo-positive, in
 *     percent, or null without such cells
 * @param evalSet {@code test}, {@code all} or {@code none}, as {@link RoundMetrics} defines it
 * @param review the simulated annotator's decisions on the round's suggestions
 */
public record RoundSummary(int round, long modelVersionId, Double map, Double pseudoPrecision, Double pseudoRecall,
        String evalSet, SimulatedAnnotator.Review review) {
}
