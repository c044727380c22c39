package org.regiontag.engine.train;

/**
 * The training images of a round and what is known about them.
 *
 * @param features cached frozen features of the training images, rows 0 … n − 1
 * @param labels the labels as they are now, (n, categories), 0 for unknown
 * @param pseudoLabels pseudo-labels from the previous round's prototypes, (n, categories); only
 *     their values on cells unknown in {@code labels} are used; null for none
 * @param teacherProbabilities the frozen zero-shot CLIP probabilities of every cell, (n,
 *     categories); required when the binary-KL distillation is on, else may be null
 */
public record RoundData(FeatureSource features, LabelMatrix labels, LabelMatrix pseudoLabels,
        float[][] teacherProbabilities) {

    public RoundData {
        if (labels.rows() != features.size()) {
            throw new IllegalArgumentException(labels.rows() + " label rows for " + features.size() + " images");
        }
        if (pseudoLabels != null && (pseudoLabels.rows() != labels.rows()
                || pseudoLabels.categories() != labels.categories())) {
            throw new IllegalArgumentException("pseudo-labels " + pseudoLabels + " do not match labels " + labels);
        }
        if (teacherProbabilities != null) {
            if (teacherProbabilities.length != labels.rows()) {
                throw new IllegalArgumentException(teacherProbabilities.length + " teacher rows for "
                        + labels.rows() + " images");
            }
            for (int i = 0; i < teacherProbabilities.length; i++) {
                float[] row = teacherProbabilities[i];
                if (row.length != labels.categories()) {
                    throw new IllegalArgumentException("teacher row " + i + " has " + row.length
                            + " categories; expected " + labels.categories());
                }
                for (int c = 0; c < row.length; c++) {
                    if (!(row[c] >= 0 && row[c] <= 1)) {
                        throw new IllegalArgumentException("teacher probability [" + i + "][" + c + "] = " + row[c]
                                + " is not in [0, 1]");
                    }
                }
            }
        }
    }
}
