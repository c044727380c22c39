package org.regiontag.app.gui.training;

/**
 * Principal component analysis of a few hundred points in a high-dimensional space, for the
 * prototype map.
 *
 * <p>The points are centred, and the leading eigenvectors of their Gram matrix {@code X Xᵀ}
 * {@code (points, points)} are found by power iteration with deflation. Each point's score on
 * component {@code k} is {@code sqrt(λk)} times its entry of eigenvector {@code k}, which equals its
 * projection on the covariance matrix's {@code k}-th eigenvector. Working on the Gram matrix costs
 * {@code points²} per iteration instead of {@code dimension²}, which is less for prototypes
 * (about a hundred points of 512 or 768 values). Each component's sign is fixed so that its largest
 * score is positive, so that the map does not flip between runs.
 */
public final class Pca {

    /** Iterations at most per component; convergence usually comes far sooner. */
    private static final int MAX_ITERATIONS = 5000;
    private static final double TOLERANCE = 1e-12;

    private Pca() {
    }

    /**
     * The result of a projection.
     *
     * @param scores the coordinates {@code (points, components)}
     * @param variances the variance along each component, largest first
     * @param totalVariance the variance of all the points, for the share each component explains
     */
    public record Projection(double[][] scores, double[] variances, double totalVariance) {

        /** Returns the share of the total variance that component {@code k} explains, in [0, 1]. */
        public double explained(int k) {
            return totalVariance == 0 ? 0 : variances[k] / totalVariance;
        }
    }

    /**
     * Projects points on their leading principal components.
     *
     * @param points the points {@code (points, dimension)}, all of one dimension
     * @param components how many components, at least 1
     */
    public static Projection project(float[][] points, int components) {
        int n = points.length;
        if (n == 0) {
            return new Projection(new double[0][components], new double[components], 0);
        }
        int dimension = points[0].length;
        double[][] centred = new double[n][dimension];
        for (int j = 0; j < dimension; j++) {
            double mean = 0;
            for (float[] point : points) {
                if (point.length != dimension) {
                    throw new IllegalArgumentException("every point needs " + dimension + " values, one has "
                            + point.length);
                }
                mean += point[j];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                centred[i][j] = points[i][j] - mean;
            }
        }

        double[][] gram = new double[n][n]; // (points, points)
        double trace = 0;
        for (int i = 0; i < n; i++) {
            for (int k = i; k < n; k++) {
                double dot = 0;
                for (int j = 0; j < dimension; j++) {
                    dot += centred[i][j] * centred[k][j];
                }
                gram[i][k] = dot;
                gram[k][i] = dot;
            }
            trace += gram[i][i];
        }

        double[][] scores = new double[n][components];
        double[] variances = new double[components];
        for (int component = 0; component < components; component++) {
            double[] vector = leadingEigenvector(gram, component);
            double eigenvalue = rayleigh(gram, vector);
            double scale = Math.sqrt(Math.max(0, eigenvalue));
            fixSign(vector);
            for (int i = 0; i < n; i++) {
                scores[i][component] = vector[i] * scale;
            }
            variances[component] = Math.max(0, eigenvalue) / n;
            // Deflation: removes the component, so the next iteration finds the following one.
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    gram[i][k] -= eigenvalue * vector[i] * vector[k];
                }
            }
        }
        return new Projection(scores, variances, trace / n);
    }

    private static double[] leadingEigenvector(double[][] matrix, int seed) {
        int n = matrix.length;
        double[] vector = new double[n];
        // A fixed start that is not orthogonal to the leading eigenvector in practice.
        for (int i = 0; i < n; i++) {
            vector[i] = 1.0 + 0.01 * ((i * 7919 + seed * 104729) % 101);
        }
        normalise(vector);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] next = multiply(matrix, vector);
            if (normalise(next) == 0) {
                return vector;
            }
            double change = 0;
            for (int i = 0; i < n; i++) {
                change = Math.max(change, Math.abs(Math.abs(next[i]) - Math.abs(vector[i])));
            }
            vector = next;
            if (change < TOLERANCE) {
                break;
            }
        }
        return vector;
    }

    private static double[] multiply(double[][] matrix, double[] vector) {
        double[] result = new double[vector.length];
        for (int i = 0; i < matrix.length; i++) {
            double sum = 0;
            for (int k = 0; k < vector.length; k++) {
                sum += matrix[i][k] * vector[k];
            }
            result[i] = sum;
        }
        return result;
    }

    private static double rayleigh(double[][] matrix, double[] vector) {
        double[] product = multiply(matrix, vector);
        double sum = 0;
        for (int i = 0; i < vector.length; i++) {
            sum += vector[i] * product[i];
        }
        return sum;
    }

    /** Scales a vector to unit length; returns its former length. */
    private static double normalise(double[] vector) {
        double norm = 0;
        for (double value : vector) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] /= norm;
            }
        }
        return norm;
    }

    private static void fixSign(double[] vector) {
        int largest = 0;
        for (int i = 1; i < vector.length; i++) {
            if (Math.abs(vector[i]) > Math.abs(vector[largest])) {
                largest = i;
            }
        }
        if (vector[largest] < 0) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] = -vector[i];
            }
        }
    }
}
