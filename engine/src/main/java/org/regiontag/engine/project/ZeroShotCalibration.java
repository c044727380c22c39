package org.regiontag.engine.project;

import org.regiontag.engine.train.LabelMatrix;

/**
 * Turns zero-shot cosines into probabilities, fitted on the cells whose labels are known (Platt
 * scaling).
 *
 * <p>CLIP's zero-shot classifier is a softmax over categories, which suits one label per image. For
 * several labels each cell needs its own probability, so each cosine is split into its distance
 * from its image's mean over the categories (what the softmax compares) and that image mean,
 * both multiplied by CLIP's logit scale: {@code x = s·(cos_ic − m_i)} and
 * {@code y = s·(m_i − μ)}, with {@code m_i} the image's mean and {@code μ} the mean of the image
 * means on the fitted rows ({@code x = s·cos_ic} and {@code y = 0} with a single category). Then
 * {@code p = σ(a·x + d·y + b)}, with a, d and b minimising the log loss on the known cells plus a
 * Gaussian prior of weight {@link #PRIOR_WEIGHT} towards the values with no labels, {@code a = 1,
 * d = 0, b = −ln(C − 1)} (a cell at its image's mean gets the probability 1/C of a uniform
 * softmax). The prior dominates when few cells are known and fades as labels accumulate.
 *
 * <p>The image-mean term lets the labels decide how much a cosine counts on its own. With the
 * softmax's centring alone (d = 0), the embedded demo model, which was trained with a
 * per-category sigmoid, lost 35 points of prompt-scoring mAP on demo scenes, because images with
 * more objects match every prompt better; with d fitted, d ≈ a and the per-category ranking of
 * the raw cosine comes back.
 *
 * @param a the slope on the distance from the image's mean
 * @param d the slope on the image's mean
 * @param b the offset
 * @param meanCentre μ, the mean of the image means on the fitted rows
 * @param logitScale CLIP's logit scale s
 */
public record ZeroShotCalibration(double a, double d, double b, double meanCentre, double logitScale) {

    /** The prior counts about as much as one labelled cell per parameter. */
    static final double PRIOR_WEIGHT = 1.0;
    private static final int NEWTON_STEPS = 100;
    private static final int MAX_HALVINGS = 40;

    /** The calibration with no labels. */
    public static ZeroShotCalibration prior(int categories, double logitScale) {
        return new ZeroShotCalibration(1.0, 0.0, priorOffset(categories), 0.0, logitScale);
    }

    private static double priorOffset(int categories) {
        return -Math.log(Math.max(1, categories - 1));
    }

    /**
     * Fits a, d and b on the known cells.
     *
     * @param cosines zero-shot cosines, (images, categories); rows with a NaN are left out
     * @param known the labels of the same cells, 0 where unknown
     */
    public static ZeroShotCalibration fit(float[][] cosines, LabelMatrix known, double logitScale) {
        int categories = known.categories();
        double[] prior = {1.0, 0.0, priorOffset(categories)};
        double meanCentre = meanOfImageMeans(cosines);
        double[][] x = centred(cosines, logitScale);
        double[] y = imageMeans(cosines, logitScale, meanCentre);
        double[] theta = prior.clone();
        for (int step = 0; step < NEWTON_STEPS; step++) {
            // Gradient and Hessian of the penalised log loss in (a, d, b).
            double[] gradient = new double[3];
            double[][] hessian = new double[3][3];
            for (int k = 0; k < 3; k++) {
                gradient[k] = PRIOR_WEIGHT * (theta[k] - prior[k]);
                hessian[k][k] = PRIOR_WEIGHT;
            }
            for (int i = 0; i < x.length; i++) {
                if (x[i] == null) {
                    continue;
                }
                for (int c = 0; c < categories; c++) {
                    int label = known.get(i, c);
                    if (label == LabelMatrix.UNKNOWN) {
                        continue;
                    }
                    double[] features = {x[i][c], y[i], 1.0};
                    double p = sigmoid(theta[0] * features[0] + theta[1] * features[1] + theta[2]);
                    double residual = p - (label == LabelMatrix.POSITIVE ? 1 : 0);
                    double weight = p * (1 - p);
                    for (int k = 0; k < 3; k++) {
                        gradient[k] += residual * features[k];
                        for (int l = 0; l < 3; l++) {
                            hessian[k][l] += weight * features[k] * features[l];
                        }
                    }
                }
            }
            double[] delta = solve(hessian, gradient);
            // Halve the Newton step until the loss does not rise: a full step from the prior can
            // overshoot far when the labels disagree with it.
            double before = loss(theta, prior, x, y, known);
            double[] next = new double[3];
            double stepSize = 1.0;
            for (int halving = 0; halving < MAX_HALVINGS; halving++, stepSize /= 2) {
                for (int k = 0; k < 3; k++) {
                    next[k] = theta[k] - stepSize * delta[k];
                }
                if (loss(next, prior, x, y, known) <= before) {
                    break;
                }
            }
            double largest = 0;
            for (int k = 0; k < 3; k++) {
                largest = Math.max(largest, Math.abs(next[k] - theta[k]));
                theta[k] = next[k];
            }
            if (largest < 1e-10) {
                break;
            }
        }
        return new ZeroShotCalibration(theta[0], theta[1], theta[2], meanCentre, logitScale);
    }

    /** Computes the penalised log loss of (a, d, b) on the known cells. */
    private static double loss(double[] theta, double[] prior, double[][] x, double[] y, LabelMatrix known) {
        double total = 0;
        for (int k = 0; k < 3; k++) {
            total += 0.5 * PRIOR_WEIGHT * (theta[k] - prior[k]) * (theta[k] - prior[k]);
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                continue;
            }
            for (int c = 0; c < x[i].length; c++) {
                int label = known.get(i, c);
                if (label == LabelMatrix.UNKNOWN) {
                    continue;
                }
                double z = theta[0] * x[i][c] + theta[1] * y[i] + theta[2];
                // −log σ(z) for a positive, −log(1 − σ(z)) for a negative, written without overflow.
                double signed = label == LabelMatrix.POSITIVE ? z : -z;
                total += Math.max(0, -signed) + Math.log1p(Math.exp(-Math.abs(signed)));
            }
        }
        return total;
    }

    /**
     * Returns the probability of every cell, (images, categories), in [0, 1]. A row with a missing
     * cosine gets 0.5 everywhere.
     */
    public float[][] probabilities(float[][] cosines) {
        double[][] x = centred(cosines, logitScale);
        double[] y = imageMeans(cosines, logitScale, meanCentre);
        float[][] probabilities = new float[cosines.length][];
        for (int i = 0; i < cosines.length; i++) {
            int categories = cosines[i].length;
            probabilities[i] = new float[categories];
            for (int c = 0; c < categories; c++) {
                probabilities[i][c] = x[i] == null ? 0.5f : (float) sigmoid(a * x[i][c] + d * y[i] + b);
            }
        }
        return probabilities;
    }

    /** s·(cos − row mean) per row, or s·cos for one category; null for a row with a NaN. */
    private static double[][] centred(float[][] cosines, double logitScale) {
        double[][] x = new double[cosines.length][];
        for (int i = 0; i < cosines.length; i++) {
            float[] row = cosines[i];
            if (!isComplete(row)) {
                continue;
            }
            double mean = row.length > 1 ? rowMean(row) : 0;
            x[i] = new double[row.length];
            for (int c = 0; c < row.length; c++) {
                x[i][c] = logitScale * (row[c] - mean);
            }
        }
        return x;
    }

    /** s·(row mean − μ) per row; 0 for one category and for a row with a NaN. */
    private static double[] imageMeans(float[][] cosines, double logitScale, double meanCentre) {
        double[] y = new double[cosines.length];
        for (int i = 0; i < cosines.length; i++) {
            float[] row = cosines[i];
            if (row.length > 1 && isComplete(row)) {
                y[i] = logitScale * (rowMean(row) - meanCentre);
            }
        }
        return y;
    }

    private static double meanOfImageMeans(float[][] cosines) {
        double sum = 0;
        int rows = 0;
        for (float[] row : cosines) {
            if (row.length > 1 && isComplete(row)) {
                sum += rowMean(row);
                rows++;
            }
        }
        return rows == 0 ? 0 : sum / rows;
    }

    private static boolean isComplete(float[] row) {
        for (float value : row) {
            if (Float.isNaN(value)) {
                return false;
            }
        }
        return true;
    }

    private static double rowMean(float[] row) {
        double sum = 0;
        for (float value : row) {
            sum += value;
        }
        return sum / row.length;
    }

    /** Solves the symmetric positive definite 3 × 3 system {@code h·v = g} by Gaussian elimination. */
    private static double[] solve(double[][] h, double[] g) {
        double[][] m = new double[3][4];
        for (int k = 0; k < 3; k++) {
            System.arraycopy(h[k], 0, m[k], 0, 3);
            m[k][3] = g[k];
        }
        for (int pivot = 0; pivot < 3; pivot++) {
            for (int row = pivot + 1; row < 3; row++) {
                double factor = m[row][pivot] / m[pivot][pivot];
                for (int column = pivot; column < 4; column++) {
                    m[row][column] -= factor * m[pivot][column];
                }
            }
        }
        double[] v = new double[3];
        for (int row = 2; row >= 0; row--) {
            double sum = m[row][3];
            for (int column = row + 1; column < 3; column++) {
                sum -= m[row][column] * v[column];
            }
            v[row] = sum / m[row][row];
        }
        return v;
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
