package org.regiontag.engine.eval;

/**
 * Multi-label classification quality on a split with known labels, every value in percent.
 *
 * @param meanAveragePrecision mAP: the mean of {@code averagePrecision} over evaluated categories
 * @param averagePrecision AP per category; NaN for a category without a positive cell, which is
 *     not evaluated
 * @param classPrecision CP: the mean over evaluated categories of per-category precision
 * @param classRecall CR: the mean over evaluated categories of per-category recall
 * @param classF1 CF1 = 2·CP·CR / (CP + CR)
 * @param overallPrecision OP: true positives over predicted positives, pooled over evaluated categories
 * @param overallRecall OR: true positives over positives, pooled likewise
 * @param overallF1 OF1 = 2·OP·OR / (OP + OR)
 * @param evaluatedCategories the number of categories with at least one positive cell
 */
public record ClassificationMetrics(double meanAveragePrecision, double[] averagePrecision, double classPrecision,
        double classRecall, double classF1, double overallPrecision, double overallRecall, double overallF1,
        int evaluatedCategories) {

    public ClassificationMetrics {
        averagePrecision = averagePrecision.clone();
    }

    @Override
    public double[] averagePrecision() {
        return averagePrecision.clone();
    }
}
