package org.regiontag.engine.project;

import org.regiontag.engine.train.LabelMatrix;

/**
 * Turns zero-shot cosines into probabilities, fitted on the cells whose labels are known (Platt
 * scaling).
 *
 * <p>CLIP's zero-shot classifier is a softmax over categories, which suits one label per image. For
 * several labels each cell needs its own probability, so each cosine is first centred on its
 * image's mean over the categories (as the softmax is invariant to a shift per image, this keeps
 * what it compares) and multiplied by CLIP's logit scale: {@code x = s·(cos_ic − mean_c' cos_ic')},
 * or {@code x = s·cos_ic} with a single category. Then {@code p = σ(a·x + b)}, with a and b
 * minimising the log loss on the known cells plus a Gaussian prior of weight {@link #PRIOR_WEIGHT}
 * towards the values with no labels, {@code a = 1, b = −ln(C − 1)} (a cell at its image's mean gets
 * the probability 1/C of a uniform softmax). The prior dominates when few cells are known and
 * fades as labels accumulate.
 *
 * @param a the slope
 * @param b the offset
 * @param logitScale CLIP's logit scale s
 */
public record ZeroShotCalibration(double a, double b, double logitScale) {

    /** The prior counts about as much as one labelled cell per parameter. */
    static final double PRIOR_WEIGHT = 1.0;
    private static final int NEWTON_STEPS = 50;

    /** The calibration with no labels. */
    public static ZeroShotCalibration prior(int categories, double logitScale) {
        return new ZeroShotCalibration(1.0, priorOffset(categories), logitScale);
    }

    private static double priorOffset(int categories) {
        return -Math.log(Math.max(1, categories - 1));
    }

    /**
     * Fits a and b on the known cells.
     *
     * @param cosines zero-shot cosines, (images, categories); rows with a NaN are left out
     * @param known the labels of the same cells, 0 where unknown
     */
    public static ZeroShotCalibration fit(float[][] cosines, LabelMatrix known, double logitScale) {
        int categories = known.categories();
        double a0 = 1.0;
        double b0 = priorOffset(categories);
        double[][] x = centred(cosines, logitScale);
        double a = a0;
        double b = b0;
        for (int step = 0; step < NEWTON_STEPS; step++) {
            // Gradient and Hessian of the penalised log loss in (a, b).
            double ga = PRIOR_WEIGHT * (a - a0);
            double gb = PRIOR_WEIGHT * (b - b0);
            double haa = PRIOR_WEIGHT;
            double hab = 0;
            double hbb = PRIOR_WEIGHT;
            for (int i = 0; i < x.length; i++) {
                if (x[i] == null) {
                    continue;
                }
                for (int c = 0; c < categories; c++) {
                    int label = known.get(i, c);
                    if (label == LabelMatrix.UNKNOWN) {
                        continue;
                    }
                    double p = sigmoid(a * x[i][c] + b);
                    double residual = p - (label == LabelMatrix.POSITIVE ? 1 : 0);
                    double weight = p * (1 - p);
                    ga += residual * x[i][c];
                    gb += residual;
                    haa += weight * x[i][c] * x[i][c];
                    hab += weight * x[i][c];
                    hbb += weight;
                }
            }
            double determinant = haa * hbb - hab * hab;
            double da = (hbb * ga - hab * gb) / determinant;
            double db = (haa * gb - hab * ga) / determinant;
            a -= da;
            b -= db;
            if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) {
                break;
            }
        }
        return new ZeroShotCalibration(a, b, logitScale);
    }

    /**
     * Returns the probability of every cell, (images, categories), in [0, 1]. A row with a missing
     * cosine gets 0.5 everywhere.
     */
    public float[][] probabilities(float[][] cosines) {
        double[][] x = centred(cosines, logitScale);
        float[][] probabilities = new float[cosines.length][];
        for (int i = 0; i < cosines.length; i++) {
            int categories = cosines[i].length;
            probabilities[i] = new float[categories];
            for (int c = 0; c < categories; c++) {
                probabilities[i][c] = x[i] == null ? 0.5f : (float) sigmoid(a * x[i][c] + b);
            }
        }
        return probabilities;
    }

    /** s·(cos − row mean) per row, or s·cos for one category; null for a row with a NaN. */
    private static double[][] centred(float[][] cosines, double logitScale) {
        double[][] x = new double[cosines.length][];
        for (int i = 0; i < cosines.length; i++) {
            float[] row = cosines[i];
            double mean = 0;
            boolean complete = true;
            for (float value : row) {
                complete &= !Float.isNaN(value);
                mean += value;
            }
            if (!complete) {
                continue;
            }
            mean = row.length > 1 ? mean / row.length : 0;
            x[i] = new double[row.length];
            for (int c = 0; c < row.length; c++) {
                x[i][c] = logitScale * (row[c] - mean);
            }
        }
        return x;
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
