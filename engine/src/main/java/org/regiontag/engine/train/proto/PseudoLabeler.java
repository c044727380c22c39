package org.regiontag.engine.train.proto;

import java.util.ArrayList;
import java.util.List;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.PseudoLabelScore;
import org.regiontag.engine.train.TrainingConfig;

/**
 * Turns prototype scores into pseudo-labels for unknown cells (TRM-ML's MMCP).
 *
 * <p>An unknown cell (i, c) becomes, with s its fused prototype score (or its probability under
 * {@link PseudoLabelScore#PROBABILITY}),
 * <ul>
 *   <li>pseudo-positive when s ≥ t⁺_c (intra-class test) and its margin over every
 *       other category's prototypes is ≥ the configured inter-class margin (inter-class test);</li>
 *   <li>pseudo-negative, otherwise, when s ≤ t⁻_c;</li>
 *   <li>unknown, otherwise.</li>
 * </ul>
 * The thresholds are calibrated each round on the known cells, with
 * {@link ThresholdCalibration}: t⁺ is the lowest fused score at which the known cells that pass
 * the inter-class test reach {@link TrainingConfig#positivePrecisionTarget()}, and t⁻ the highest
 * at or below which all known cells reach {@link TrainingConfig#negativePrecisionTarget()}
 * negatives. With {@link TrainingConfig#perCategoryThresholds()}, each category's thresholds are
 * the stricter of the pooled ones and its own (so a category without known positives gets no
 * pseudo-positive); otherwise every category uses the pooled ones. The inter-class margin is a
 * configured number, not calibrated: 0 already means "closer to its own category than to any
 * other", which is the test TRM-ML describes.
 *
 * <p>NOTE: the known cells trained the model and their positives built the visual prototypes, so
 * they score higher than unknown positives of the same kind; precision on unknown cells is
 * therefore somewhat below the calibration target.
 */
public final class PseudoLabeler {

    private PseudoLabeler() {
    }

    /**
     * @param scores the model's cell scores on the training images
     * @param known the labels as they are now (0 = unknown), same shape
     * @param config the precision targets, the threshold scope and the inter-class margin
     */
    public static PseudoLabels assign(CellScores scores, LabelMatrix known, TrainingConfig config) {
        int images = known.rows();
        int categories = known.categories();
        if (scores.images() != images || scores.categories() != categories) {
            throw new IllegalArgumentException("scores of " + scores.images() + "x" + scores.categories()
                    + " for labels of " + images + "x" + categories);
        }
        double margin = config.interClassMargin();
        float[][] score = scores.intraClassScore(config.pseudoLabelScore());

        Calibration pooled = new Calibration();
        Calibration[] perCategory = new Calibration[categories];
        for (int c = 0; c < categories; c++) {
            perCategory[c] = new Calibration();
        }
        for (int i = 0; i < images; i++) {
            for (int c = 0; c < categories; c++) {
                if (!known.isKnown(i, c)) {
                    continue;
                }
                boolean positive = known.get(i, c) == LabelMatrix.POSITIVE;
                boolean passesInterClass = scores.margin()[i][c] >= margin;
                pooled.add(score[i][c], positive, passesInterClass);
                perCategory[c].add(score[i][c], positive, passesInterClass);
            }
        }
        double pooledPositive = pooled.positiveThreshold(config.positivePrecisionTarget());
        double pooledNegative = pooled.negativeThreshold(config.negativePrecisionTarget());
        double[] positiveThresholds = new double[categories];
        double[] negativeThresholds = new double[categories];
        for (int c = 0; c < categories; c++) {
            positiveThresholds[c] = config.perCategoryThresholds()
                    ? Math.max(pooledPositive, perCategory[c].positiveThreshold(config.positivePrecisionTarget()))
                    : pooledPositive;
            negativeThresholds[c] = config.perCategoryThresholds()
                    ? Math.min(pooledNegative, perCategory[c].negativeThreshold(config.negativePrecisionTarget()))
                    : pooledNegative;
        }

        int[][] labels = new int[images][categories];
        for (int i = 0; i < images; i++) {
            for (int c = 0; c < categories; c++) {
                if (known.isKnown(i, c)) {
                    continue;
                }
                if (score[i][c] >= positiveThresholds[c] && scores.margin()[i][c] >= margin) {
                    labels[i][c] = LabelMatrix.POSITIVE;
                } else if (score[i][c] <= negativeThresholds[c]) {
                    labels[i][c] = LabelMatrix.NEGATIVE;
                }
            }
        }
        return new PseudoLabels(LabelMatrix.of(labels), positiveThresholds, negativeThresholds, margin);
    }

    /** The known cells one threshold is calibrated on. */
    private static final class Calibration {

        private final List<double[]> all = new ArrayList<>();
        private final List<double[]> interClass = new ArrayList<>();

        void add(double score, boolean positive, boolean passesInterClass) {
            double[] cell = {score, positive ? 1 : 0};
            all.add(cell);
            if (passesInterClass) {
                interClass.add(cell);
            }
        }

        double positiveThreshold(double target) {
            return ThresholdCalibration.positiveThreshold(scores(interClass), positives(interClass), target);
        }

        double negativeThreshold(double target) {
            return ThresholdCalibration.negativeThreshold(scores(all), positives(all), target);
        }

        private static double[] scores(List<double[]> cells) {
            double[] scores = new double[cells.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = cells.get(i)[0];
            }
            return scores;
        }

        private static boolean[] positives(List<double[]> cells) {
            boolean[] positives = new boolean[cells.size()];
            for (int i = 0; i < positives.length; i++) {
                positives[i] = cells.get(i)[1] == 1;
            }
            return positives;
        }
    }
}
