package org.regiontag.engine.train.proto;

import org.regiontag.engine.train.LabelMatrix;

/**
 * Pseudo-labels for the unknown cells and the thresholds that produced them.
 *
 * @param labels +1 or −1 on unknown cells that passed a test, 0 on every other cell (known cells
 *     included: pseudo-labels never stand in for a human decision)
 * @param positiveThresholds the fused-score threshold of pseudo-positives, per category; +∞ where
 *     none could be calibrated
 * @param negativeThresholds the fused-score threshold of pseudo-negatives, per category; −∞ where
 *     none could be calibrated
 * @param interClassMargin the margin a pseudo-positive had to have over every other category
 */
public record PseudoLabels(LabelMatrix labels, double[] positiveThresholds, double[] negativeThresholds,
        double interClassMargin) {

    public PseudoLabels {
        positiveThresholds = positiveThresholds.clone();
        negativeThresholds = negativeThresholds.clone();
    }

    @Override
    public double[] positiveThresholds() {
        return positiveThresholds.clone();
    }

    @Override
    public double[] negativeThresholds() {
        return negativeThresholds.clone();
    }
}
