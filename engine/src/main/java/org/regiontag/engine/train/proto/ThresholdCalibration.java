package org.regiontag.engine.train.proto;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Chooses pseudo-label thresholds on cells whose labels are known, so that the thresholds follow
 * the model from round to round instead of being fixed numbers.
 *
 * <p>Tied scores are one threshold: a cell at exactly the threshold is always selected with every
 * other cell of the same score.
 */
public final class ThresholdCalibration {

    private ThresholdCalibration() {
    }

    /**
     * Returns the lowest threshold t such that the cells with score ≥ t have a share of positives of at
     * least {@code precisionTarget}: the operating point of highest recall at that precision.
     *
     * @param scores one score per known cell
     * @param positive whether each cell is positive
     * @return t, or +∞ when no threshold reaches the target (nothing becomes pseudo-positive)
     */
    public static double positiveThreshold(double[] scores, boolean[] positive, double precisionTarget) {
        return sweep(scores, positive, precisionTarget, true);
    }

    /**
     * Returns the highest threshold t such that the cells with score ≤ t have a share of negatives of at
     * least {@code precisionTarget}.
     *
     * @param scores one score per known cell
     * @param positive whether each cell is positive
     * @return t, or −∞ when no threshold reaches the target (nothing becomes pseudo-negative)
     */
    public static double negativeThreshold(double[] scores, boolean[] positive, double precisionTarget) {
        return sweep(scores, positive, precisionTarget, false);
    }

    /**
     * Walks the cells from the most confident score (highest first for positives, lowest first for
     * negatives), taking tied scores together. Returns the last score at which the share of cells
     * of the target sign so far reaches {@code precisionTarget}, or +∞ (positives) or −∞
     * (negatives) when none does.
     */
    private static double sweep(double[] scores, boolean[] positive, double precisionTarget, boolean forPositives) {
        Integer[] order = order(scores, forPositives);
        double threshold = forPositives ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        int selected = 0;
        int hits = 0;
        int k = 0;
        while (k < order.length) {
            double score = scores[order[k]];
            while (k < order.length && scores[order[k]] == score) {
                if (positive[order[k]] == forPositives) {
                    hits++;
                }
                selected++;
                k++;
            }
            if ((double) hits / selected >= precisionTarget) {
                threshold = score;
            }
        }
        return threshold;
    }

    private static Integer[] order(double[] scores, boolean descending) {
        for (double score : scores) {
            if (Double.isNaN(score)) {
                throw new IllegalArgumentException("a calibration score is NaN");
            }
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> byScore = Comparator.comparingDouble(i -> scores[i]);
        Arrays.sort(order, descending ? byScore.reversed() : byScore);
        return order;
    }
}
