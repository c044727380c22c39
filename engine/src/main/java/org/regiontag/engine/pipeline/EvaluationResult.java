package org.regiontag.engine.pipeline;

import org.regiontag.engine.eval.ClassificationMetrics;
import org.regiontag.engine.eval.PseudoLabelQuality;

/**
 * The quality of a model version against the complete labels.
 *
 * @param evalSet {@code test}, {@code all} or {@code none}; see {@link RoundMetrics}
 * @param evalImages images that mAP, CF1 and OF1 were computed on
 * @param classification mAP, CF1, OF1 and their parts, or null without complete labels (or
 *     without a positive cell among them)
 * @param pseudoLabels the proposals on unknown cells of training images against their complete
 *     labels, or null when no such cell has a complete label
 * @param pseudoLabelImages training images with complete labels whose unknown cells were measured
 */
public record EvaluationResult(String evalSet, int evalImages, ClassificationMetrics classification,
        PseudoLabelQuality pseudoLabels, int pseudoLabelImages) {
}
