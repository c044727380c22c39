package org.regiontag.engine.eval;

/**
 * How well pseudo-labels fill the unknown cells, measured against complete labels; fractions in [0, 1].
 *
 * @param precision pseudo-positives that are truly positive, over all pseudo-positives; NaN when
 *     there is no pseudo-positive
 * @param recall truly positive unknown cells that became pseudo-positives, over all truly positive
 *     unknown cells; NaN when no unknown cell is positive
 * @param negativePrecision pseudo-negatives that are truly negative, over all pseudo-negatives;
 *     NaN when there is no pseudo-negative
 * @param coverage unknown cells that received a pseudo-label of either sign, over all unknown cells
 * @param accuracy images whose estimated positive set equals the complete one, over images with at
 *     least one unknown cell. The estimated set is the known positives plus the pseudo-positives,
 *     so a cell that stayed unknown counts as not positive. NaN when no image has an unknown cell.
 * @param pseudoPositives the number of pseudo-positive cells
 * @param pseudoNegatives the number of pseudo-negative cells
 * @param unknownCells the number of unknown cells with a complete label
 */
public record PseudoLabelQuality(double precision, double recall, double negativePrecision, double coverage,
        double accuracy, long pseudoPositives, long pseudoNegatives, long unknownCells) {
}
