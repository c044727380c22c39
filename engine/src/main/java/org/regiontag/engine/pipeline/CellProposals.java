package org.regiontag.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.proto.CellScores;
import org.regiontag.engine.train.proto.PseudoLabeler;
import org.regiontag.engine.train.proto.PseudoLabels;
import org.regiontag.engine.train.proto.ThresholdCalibration;

/**
 * The state the model proposes for every cell, known or not: +1, −1 or 0 (no proposal), from
 * thresholds calibrated on the known cells.
 *
 * <p>With prototypes, the rule is TRM-ML's pseudo-labelling ({@link PseudoLabeler}): the fused
 * prototype score (or the probability, as {@link TrainingConfig#pseudoLabelScore()} selects) at or
 * above the category's positive threshold and an inter-class margin at or above the configured one
 * for +1, at or below the negative threshold for −1. Without prototypes (the
 * {@code --no-prototypes} ablation, or the zero-shot round), the same calibration runs on the
 * model's probability instead of the fused score: the positive threshold is the lowest probability
 * at which the known cells above it reach {@link TrainingConfig#positivePrecisionTarget()}, the
 * negative one the highest at which those below it reach
 * {@link TrainingConfig#negativePrecisionTarget()}, each category taking the stricter of its own and
 * the pooled threshold when {@link TrainingConfig#perCategoryThresholds()} is set.
 *
 * <p>Applying the rule to a known cell tells what the model would say about it, which is how
 * {@link SuggestionPlanner} finds possible label errors.
 */
public final class CellProposals {

    private final byte[][] proposals;
    private final double[] positiveThresholds;
    private final double[] negativeThresholds;
    private final boolean prototypeRule;

    private CellProposals(byte[][] proposals, double[] positiveThresholds, double[] negativeThresholds,
            boolean prototypeRule) {
        this.proposals = proposals;
        this.positiveThresholds = positiveThresholds;
        this.negativeThresholds = negativeThresholds;
        this.prototypeRule = prototypeRule;
    }

    /**
     * Proposals from prototype scores, with the thresholds that {@link PseudoLabeler} calibrates on
     * the known cells of {@code known}.
     */
    public static CellProposals fromPrototypes(CellScores scores, LabelMatrix known, TrainingConfig config) {
        PseudoLabels calibrated = PseudoLabeler.assign(scores, known, config);
        double[] positive = calibrated.positiveThresholds();
        double[] negative = calibrated.negativeThresholds();
        double margin = calibrated.interClassMargin();
        float[][] score = scores.intraClassScore(config.pseudoLabelScore());
        byte[][] proposals = new byte[known.rows()][known.categories()];
        for (int i = 0; i < known.rows(); i++) {
            for (int c = 0; c < known.categories(); c++) {
                if (score[i][c] >= positive[c] && scores.margin()[i][c] >= margin) {
                    proposals[i][c] = LabelMatrix.POSITIVE;
                } else if (score[i][c] <= negative[c]) {
                    proposals[i][c] = LabelMatrix.NEGATIVE;
                }
            }
        }
        return new CellProposals(proposals, positive, negative, true);
    }

    /** Proposals from probabilities, with thresholds calibrated on the known cells of {@code known}. */
    public static CellProposals fromProbabilities(float[][] probability, LabelMatrix known, TrainingConfig config) {
        int categories = known.categories();
        List<double[]> pooled = new ArrayList<>();
        List<List<double[]>> perCategory = new ArrayList<>();
        for (int c = 0; c < categories; c++) {
            perCategory.add(new ArrayList<>());
        }
        for (int i = 0; i < known.rows(); i++) {
            for (int c = 0; c < categories; c++) {
                if (known.isKnown(i, c)) {
                    double[] cell = {probability[i][c], known.get(i, c) == LabelMatrix.POSITIVE ? 1 : 0};
                    pooled.add(cell);
                    perCategory.get(c).add(cell);
                }
            }
        }
        double pooledPositive = positiveThreshold(pooled, config);
        double pooledNegative = negativeThreshold(pooled, config);
        double[] positive = new double[categories];
        double[] negative = new double[categories];
        for (int c = 0; c < categories; c++) {
            positive[c] = config.perCategoryThresholds()
                    ? Math.max(pooledPositive, positiveThreshold(perCategory.get(c), config)) : pooledPositive;
            negative[c] = config.perCategoryThresholds()
                    ? Math.min(pooledNegative, negativeThreshold(perCategory.get(c), config)) : pooledNegative;
        }
        byte[][] proposals = new byte[known.rows()][categories];
        for (int i = 0; i < known.rows(); i++) {
            for (int c = 0; c < categories; c++) {
                if (probability[i][c] >= positive[c]) {
                    proposals[i][c] = LabelMatrix.POSITIVE;
                } else if (probability[i][c] <= negative[c]) {
                    proposals[i][c] = LabelMatrix.NEGATIVE;
                }
            }
        }
        return new CellProposals(proposals, positive, negative, false);
    }

    private static double positiveThreshold(List<double[]> cells, TrainingConfig config) {
        return ThresholdCalibration.positiveThreshold(column(cells, 0), positives(cells),
                config.positivePrecisionTarget());
    }

    private static double negativeThreshold(List<double[]> cells, TrainingConfig config) {
        return ThresholdCalibration.negativeThreshold(column(cells, 0), positives(cells),
                config.negativePrecisionTarget());
    }

    private static double[] column(List<double[]> cells, int index) {
        double[] values = new double[cells.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = cells.get(i)[index];
        }
        return values;
    }

    private static boolean[] positives(List<double[]> cells) {
        boolean[] values = new boolean[cells.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = cells.get(i)[1] == 1;
        }
        return values;
    }

    /** +1, −1 or 0 for the cell, whether it is known or not. */
    public int proposal(int row, int category) {
        return proposals[row][category];
    }

    /**
     * The proposals on the cells unknown in {@code known} (0 on known cells): the pseudo-labels.
     *
     * @param indices the rows of these proposals to take, in order
     * @param known the labels of those rows
     */
    public LabelMatrix pseudoLabels(int[] indices, LabelMatrix known) {
        int[][] values = new int[indices.length][known.categories()];
        for (int k = 0; k < indices.length; k++) {
            for (int c = 0; c < known.categories(); c++) {
                values[k][c] = known.isKnown(k, c) ? 0 : proposals[indices[k]][c];
            }
        }
        return LabelMatrix.of(values);
    }

    /** Whether the rule used the fused prototype score (else the probability). */
    public boolean usesPrototypes() {
        return prototypeRule;
    }

    public double[] positiveThresholds() {
        return positiveThresholds.clone();
    }

    public double[] negativeThresholds() {
        return negativeThresholds.clone();
    }
}
