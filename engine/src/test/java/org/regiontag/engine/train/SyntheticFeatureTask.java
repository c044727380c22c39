package org.regiontag.engine.train;

import java.util.Random;

/**
 * A generated feature-level multi-label task in which each category is a direction in feature space.
 *
 * <p>Every image has a grid of dense features: Gaussian noise (σ = 0.15 per dimension, a norm of
 * about 0.85 at width 32) at every location and, for each category present, the category's unit
 * direction with an amplitude in [0.8, 1.4) at one or two random locations. The global embedding is the mean of the grid,
 * as a pooled CLIP embedding would be, so a category that covers one or two of the locations barely
 * shows in it. The "hand-crafted prompt" embedding of a category is its direction plus noise, and
 * the zero-shot teacher scores the global embedding against it, so both are informative and imperfect.
 */
final class SyntheticFeatureTask {

    final int categories;
    final int embedDim;
    final int gridHeight;
    final int gridWidth;
    final float[][] directions;
    final float[][] promptEmbeddings;
    final float[][] negativeEmbeddings;

    private final Random random;

    SyntheticFeatureTask(int categories, int embedDim, int gridHeight, int gridWidth, long seed) {
        this.categories = categories;
        this.embedDim = embedDim;
        this.gridHeight = gridHeight;
        this.gridWidth = gridWidth;
        this.random = new Random(seed);
        this.directions = new float[categories][];
        this.promptEmbeddings = new float[categories][];
        this.negativeEmbeddings = new float[categories][];
        for (int c = 0; c < categories; c++) {
            directions[c] = unit(gaussian(embedDim));
            float[] noise = unit(gaussian(embedDim));
            float[] prompt = new float[embedDim];
            for (int d = 0; d < embedDim; d++) {
                prompt[d] = directions[c][d] + 0.7f * noise[d];
            }
            promptEmbeddings[c] = prompt;
            // Prompts that share a class name are close in CLIP's text space, whatever their context.
            float[] other = unit(gaussian(embedDim));
            float[] negative = new float[embedDim];
            for (int d = 0; d < embedDim; d++) {
                negative[d] = prompt[d] + 0.6f * other[d];
            }
            negativeEmbeddings[c] = negative;
        }
    }

    /** A split of generated images with complete labels, features and teacher probabilities. */
    record Split(InMemoryFeatures features, LabelMatrix complete, float[][] teacher) {
    }

    /** Generates images; each category is present with the given probability, at least one per image. */
    Split generate(int images, double presence) {
        int locations = gridHeight * gridWidth;
        float[] dense = new float[images * locations * embedDim];
        float[] global = new float[images * embedDim];
        int[][] labels = new int[images][categories];
        for (int i = 0; i < images; i++) {
            boolean any = false;
            for (int c = 0; c < categories; c++) {
                boolean present = random.nextDouble() < presence;
                labels[i][c] = present ? 1 : -1;
                any |= present;
            }
            if (!any) {
                labels[i][random.nextInt(categories)] = 1;
            }
            int base = i * locations * embedDim;
            for (int j = 0; j < locations * embedDim; j++) {
                dense[base + j] = (float) (random.nextGaussian() * 0.15);
            }
            for (int c = 0; c < categories; c++) {
                if (labels[i][c] != 1) {
                    continue;
                }
                int spots = 1 + random.nextInt(2);
                for (int s = 0; s < spots; s++) {
                    int j = random.nextInt(locations);
                    float amplitude = 0.8f + 0.6f * random.nextFloat();
                    for (int d = 0; d < embedDim; d++) {
                        dense[base + j * embedDim + d] += amplitude * directions[c][d];
                    }
                }
            }
            for (int j = 0; j < locations; j++) {
                for (int d = 0; d < embedDim; d++) {
                    global[i * embedDim + d] += dense[base + j * embedDim + d] / locations;
                }
            }
        }
        InMemoryFeatures features = new InMemoryFeatures(images, gridHeight, gridWidth, embedDim, dense, global);
        return new Split(features, LabelMatrix.of(labels), teacher(global, images));
    }

    /** Keeps each cell with probability {@code keep}, as SST, SARB and DualCoOp simulate missing labels. */
    LabelMatrix keep(LabelMatrix complete, double keep, long seed) {
        Random draw = new Random(seed);
        int[][] values = complete.toArray();
        for (int[] row : values) {
            for (int c = 0; c < row.length; c++) {
                if (draw.nextDouble() >= keep) {
                    row[c] = 0;
                }
            }
        }
        return LabelMatrix.of(values);
    }

    private float[][] teacher(float[] global, int images) {
        float[][] probabilities = new float[images][categories];
        for (int i = 0; i < images; i++) {
            float[] image = new float[embedDim];
            System.arraycopy(global, i * embedDim, image, 0, embedDim);
            for (int c = 0; c < categories; c++) {
                double cosine = dot(unit(image), unit(promptEmbeddings[c]));
                probabilities[i][c] = (float) (1 / (1 + Math.exp(-10 * (cosine - 0.15))));
            }
        }
        return probabilities;
    }

    private float[] gaussian(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static float[] unit(float[] values) {
        double norm = Math.sqrt(dot(values, values));
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) (values[i] / norm);
        }
        return result;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
