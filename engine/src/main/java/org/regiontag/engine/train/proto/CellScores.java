package org.regiontag.engine.train.proto;

import org.regiontag.engine.train.PseudoLabelScore;

/**
 * Per-cell scores of a model on a list of images, each (images, categories): what pseudo-labels,
 * suggestions and evaluation are made from.
 *
 * @param probability σ(s_c), the model's probability
 * @param visualScore s_v = cos(f_c, v_c); NaN where the category has no visual prototype yet
 * @param textScore s_t = cos(f_c, g⁺_c)
 * @param fusedScore s = w·s_v + (1 − w)·s_t, or s_t where there is no visual prototype
 * @param margin s minus the largest fused score of the same region f_c against any other
 *     category's prototypes. It is positive when f_c is closest to its own category.
 */
public record CellScores(float[][] probability, float[][] visualScore, float[][] textScore, float[][] fusedScore,
        float[][] margin) {

    public int images() {
        return probability.length;
    }

    public int categories() {
        return probability.length == 0 ? 0 : probability[0].length;
    }

    /** Returns the scores that the intra-class test of a pseudo-label thresholds. */
    public float[][] intraClassScore(PseudoLabelScore kind) {
        return kind == PseudoLabelScore.PROBABILITY ? probability : fusedScore;
    }
}
