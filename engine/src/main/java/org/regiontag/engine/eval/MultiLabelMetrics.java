package org.regiontag.engine.eval;

import java.util.Arrays;
import java.util.Comparator;
import org.regiontag.engine.train.LabelMatrix;

/**
 * mAP, CF1 and OF1, the metrics of the multi-label recognition literature (VOC 2007, MS-COCO).
 *
 * <p>Average precision is the non-interpolated area under the precision-recall curve of a category,
 * Σ_n (R_n − R_{n−1}) P_n over the distinct scores n in decreasing order, which is what
 * scikit-learn's {@code average_precision_score} computes and equals the mean of the precision at
 * each positive's rank when no two scores tie. Tied scores form one threshold, so the order of
 * tied cells never matters. Only known cells (+1, −1) of the truth are ranked; unknown cells are
 * left out. A category without a positive cell has no AP and is left out of every mean, and its
 * cells are left out of the pooled (overall) counts too.
 *
 * <p>CF1 and OF1 follow ML-GCN's and DualCoOp's evaluation: a cell is predicted positive when its
 * probability is at least the threshold (0.5); per-category precision is 0 when a category has no
 * predicted positive; CF1 combines the mean per-category precision and recall, not the per-category F1s.
 */
public final class MultiLabelMetrics {

    /** The probability threshold of CF1 and OF1. */
    public static final double THRESHOLD = 0.5;

    private MultiLabelMetrics() {
    }

    /**
     * Computes the average precision of one ranking, in [0, 1].
     *
     * @param scores one score per cell, higher meaning more likely positive
     * @param positive whether each cell is positive
     * @return the AP, or NaN when no cell is positive
     */
    public static double averagePrecision(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " labels");
        }
        int positives = 0;
        for (boolean isPositive : positive) {
            positives += isPositive ? 1 : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());

        double averagePrecision = 0;
        int truePositives = 0;
        int seen = 0;
        double previousRecall = 0;
        int k = 0;
        while (k < order.length) {
            double threshold = scores[order[k]];
            while (k < order.length && scores[order[k]] == threshold) {
                truePositives += positive[order[k]] ? 1 : 0;
                seen++;
                k++;
            }
            double recall = (double) truePositives / positives;
            averagePrecision += (recall - previousRecall) * truePositives / seen;
            previousRecall = recall;
        }
        return averagePrecision;
    }

    /**
     * Evaluates predicted probabilities against known labels.
     *
     * @param probabilities σ(logit) per image and category, (images, categories)
     * @param truth the labels; cells that are 0 are left out
     */
    public static ClassificationMetrics evaluate(float[][] probabilities, LabelMatrix truth) {
        int categories = truth.categories();
        if (probabilities.length != truth.rows()) {
            throw new IllegalArgumentException(probabilities.length + " rows of probabilities for "
                    + truth.rows() + " labelled images");
        }
        double[] averagePrecision = new double[categories];
        double apSum = 0;
        double precisionSum = 0;
        double recallSum = 0;
        long pooledTruePositives = 0;
        long pooledPredicted = 0;
        long pooledPositives = 0;
        int evaluated = 0;
        for (int c = 0; c < categories; c++) {
            int known = 0;
            for (int i = 0; i < truth.rows(); i++) {
                known += truth.isKnown(i, c) ? 1 : 0;
            }

            double[] scores = new double[known];
            boolean[] positive = new boolean[known];
            long truePositives = 0;
            long predicted = 0;
            long positives = 0;
            int next = 0;
            for (int i = 0; i < truth.rows(); i++) {
                if (!truth.isKnown(i, c)) {
                    continue;
                }
                if (probabilities[i].length != categories) {
                    throw new IllegalArgumentException("probability row " + i + " has " + probabilities[i].length
                            + " categories; expected " + categories);
                }
                boolean isPositive = truth.get(i, c) == LabelMatrix.POSITIVE;
                boolean isPredicted = probabilities[i][c] >= THRESHOLD;
                scores[next] = probabilities[i][c];
                positive[next] = isPositive;
                next++;
                positives += isPositive ? 1 : 0;
                predicted += isPredicted ? 1 : 0;
                truePositives += isPositive && isPredicted ? 1 : 0;
            }

            averagePrecision[c] = averagePrecision(scores, positive);
            if (positives == 0) {
                continue;
            }
            evaluated++;
            apSum += averagePrecision[c];
            precisionSum += predicted == 0 ? 0 : (double) truePositives / predicted;
            recallSum += (double) truePositives / positives;
            pooledTruePositives += truePositives;
            pooledPredicted += predicted;
            pooledPositives += positives;
        }

        if (evaluated == 0) {
            throw new IllegalArgumentException("no category has a positive cell to evaluate");
        }
        double classPrecision = precisionSum / evaluated;
        double classRecall = recallSum / evaluated;
        double overallPrecision = pooledPredicted == 0 ? 0 : (double) pooledTruePositives / pooledPredicted;
        double overallRecall = (double) pooledTruePositives / pooledPositives;
        for (int c = 0; c < categories; c++) {
            averagePrecision[c] *= 100;
        }
        return new ClassificationMetrics(100 * apSum / evaluated, averagePrecision, 100 * classPrecision,
                100 * classRecall, 100 * f1(classPrecision, classRecall), 100 * overallPrecision,
                100 * overallRecall, 100 * f1(overallPrecision, overallRecall), evaluated);
    }

    private static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
