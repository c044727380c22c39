package org.regiontag.engine.eval;

import org.regiontag.engine.train.LabelMatrix;

/**
 * Measures pseudo-labels against complete labels, as TRM-ML's supplement reports them (precision,
 * recall and accuracy on VOC 2007) with negative precision and coverage beside them.
 *
 * <p>Only cells that are unknown in the training labels and known in the complete labels count;
 * pseudo-labels on known cells are ignored. Precision and recall are those of the positive class;
 * see {@link PseudoLabelQuality} for each definition.
 */
public final class PseudoLabelMetrics {

    private PseudoLabelMetrics() {
    }

    /**
     * @param known the labels the pseudo-labels were made for (0 = unknown)
     * @param pseudo pseudo-labels (+1, −1, or 0 for none) on the unknown cells
     * @param complete the complete labels of the same images
     */
    public static PseudoLabelQuality evaluate(LabelMatrix known, LabelMatrix pseudo, LabelMatrix complete) {
        if (known.rows() != pseudo.rows() || known.rows() != complete.rows()
                || known.categories() != pseudo.categories() || known.categories() != complete.categories()) {
            throw new IllegalArgumentException("known " + known + ", pseudo " + pseudo + " and complete " + complete
                    + " labels must have the same shape");
        }
        long pseudoPositives = 0;
        long correctPositives = 0;
        long pseudoNegatives = 0;
        long correctNegatives = 0;
        long unknownPositives = 0;
        long unknownCells = 0;
        long imagesWithUnknown = 0;
        long imagesCorrect = 0;
        for (int i = 0; i < known.rows(); i++) {
            boolean hasUnknown = false;
            boolean setMatches = true;
            for (int c = 0; c < known.categories(); c++) {
                boolean truePositive = complete.get(i, c) == LabelMatrix.POSITIVE;
                if (known.isKnown(i, c)) {
                    setMatches &= (known.get(i, c) == LabelMatrix.POSITIVE) == truePositive;
                    continue;
                }
                boolean estimatedPositive = pseudo.get(i, c) == LabelMatrix.POSITIVE;
                setMatches &= estimatedPositive == truePositive;
                if (!complete.isKnown(i, c)) {
                    continue;
                }
                hasUnknown = true;
                unknownCells++;
                unknownPositives += truePositive ? 1 : 0;
                if (estimatedPositive) {
                    pseudoPositives++;
                    correctPositives += truePositive ? 1 : 0;
                } else if (pseudo.get(i, c) == LabelMatrix.NEGATIVE) {
                    pseudoNegatives++;
                    correctNegatives += truePositive ? 0 : 1;
                }
            }
            if (hasUnknown) {
                imagesWithUnknown++;
                imagesCorrect += setMatches ? 1 : 0;
            }
        }
        return new PseudoLabelQuality(ratio(correctPositives, pseudoPositives), ratio(correctPositives, unknownPositives),
                ratio(correctNegatives, pseudoNegatives), ratio(pseudoPositives + pseudoNegatives, unknownCells),
                ratio(imagesCorrect, imagesWithUnknown), pseudoPositives, pseudoNegatives, unknownCells);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
