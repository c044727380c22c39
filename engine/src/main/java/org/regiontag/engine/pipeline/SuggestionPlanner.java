package org.regiontag.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.SuggestionDraft;
import org.regiontag.engine.project.ProjectData;
import org.regiontag.engine.train.LabelMatrix;

/**
 * Turns a model's scores into suggestions: one for every unknown cell, and one for every imported
 * label the model contradicts with high confidence (a possible label error).
 *
 * <p><b>Informativeness</b>, which orders review (highest first), is for an unknown cell
 * <pre>
 *   informativeness = H(p) / √(1 + P_c)
 * </pre>
 * where H(p) is the binary entropy of the model's probability in bits (1 at p = ½, 0 at 0 or 1): how
 * unsure the model is; and P_c is the number of known positive cells of the category in the whole
 * project: how much the category lacks labels. A decision is worth most where the model cannot tell
 * and the category has few positives, which are what its visual prototype, its calibrated
 * thresholds and its share of the classification loss are built from. The square root keeps a
 * category with many positives from being ignored altogether. Values lie in [0, 1].
 *
 * <p><b>Possible label error</b>: an imported label that the model contradicts with high
 * confidence, meaning its probability is on the other side of ½ and either the calibrated rule of
 * {@link CellProposals} proposes the opposite state, or the model's confidence |2p − 1| is at least
 * {@link #ERROR_CONFIDENCE}. The second test is needed because a mislabelled cell is itself one of
 * the known cells the thresholds are calibrated on, and in a category with few known cells one such
 * cell keeps the calibration from reaching its precision target at all. The suggestion proposes the
 * opposite state, and its informativeness is the confidence |2p − 1|, so that the most certain
 * contradictions come first among them. Labels a person set are never questioned.
 */
public final class SuggestionPlanner {

    /**
     * Confidence |2p − 1| at which the model's probability alone flags an imported label: p ≤ 0.05
     * for a positive label, p ≥ 0.95 for a negative one, after a round that trained on that label.
     */
    public static final double ERROR_CONFIDENCE = 0.9;

    private SuggestionPlanner() {
    }

    /** What {@link #plan} proposed, by kind. */
    public record Counts(int positive, int negative, int none, int possibleErrors) {

        public int total() {
            return positive + negative + none + possibleErrors;
        }
    }

    /** The drafts and their counts. */
    public record Plan(List<SuggestionDraft> drafts, Counts counts) {
    }

    /**
     * Plans the suggestions of the given rows.
     *
     * @param data the project snapshot
     * @param rows the images scored, as rows of {@code data}
     * @param probability the model's probability per row of {@code rows} and category
     * @param visualScore s_v per cell, or null without prototypes; NaN where a category has no visual prototype
     * @param textScore s_t per cell, or null without prototypes
     * @param proposals the calibrated proposal of every cell, rows as in {@code rows}
     */
    public static Plan plan(ProjectData data, int[] rows, float[][] probability, float[][] visualScore,
            float[][] textScore, CellProposals proposals) {
        int categories = data.categoryCount();
        double[] scarcity = scarcity(data);
        List<SuggestionDraft> drafts = new ArrayList<>();
        int positive = 0;
        int negative = 0;
        int none = 0;
        int errors = 0;
        for (int i = 0; i < rows.length; i++) {
            int row = rows[i];
            long imageId = data.images().get(row).id();
            for (int c = 0; c < categories; c++) {
                long categoryId = data.categories().get(c).id();
                double p = clamp(probability[i][c], 0, 1);
                Double visual = score(visualScore, i, c);
                Double text = score(textScore, i, c);
                int proposal = proposals.proposal(i, c);
                int label = data.label(row, c);
                if (label == LabelMatrix.UNKNOWN) {
                    ProposedState state = state(proposal);
                    drafts.add(new SuggestionDraft(imageId, categoryId, p, visual, text, state,
                            entropy(p) * scarcity[c], false));
                    switch (state) {
                        case POSITIVE -> positive++;
                        case NEGATIVE -> negative++;
                        default -> none++;
                    }
                } else if (!data.isHumanDecided(row, c) && contradicts(label, proposal, p)) {
                    ProposedState opposite = label == LabelMatrix.POSITIVE ? ProposedState.NEGATIVE
                            : ProposedState.POSITIVE;
                    drafts.add(new SuggestionDraft(imageId, categoryId, p, visual, text, opposite,
                            Math.abs(2 * p - 1), true));
                    errors++;
                }
            }
        }
        return new Plan(drafts, new Counts(positive, negative, none, errors));
    }

    private static boolean contradicts(int label, int proposal, double probability) {
        boolean confident = Math.abs(2 * probability - 1) >= ERROR_CONFIDENCE;
        if (label == LabelMatrix.POSITIVE) {
            return probability < 0.5 && (proposal == LabelMatrix.NEGATIVE || confident);
        }
        return probability > 0.5 && (proposal == LabelMatrix.POSITIVE || confident);
    }

    /** 1 / √(1 + known positives) per category, over every image of the project. */
    static double[] scarcity(ProjectData data) {
        int categories = data.categoryCount();
        long[] positives = new long[categories];
        for (int row = 0; row < data.images().size(); row++) {
            for (int c = 0; c < categories; c++) {
                positives[c] += data.label(row, c) == LabelMatrix.POSITIVE ? 1 : 0;
            }
        }
        double[] scarcity = new double[categories];
        for (int c = 0; c < categories; c++) {
            scarcity[c] = 1 / Math.sqrt(1 + positives[c]);
        }
        return scarcity;
    }

    /**
     * Computes the informativeness of an unknown cell, H(p) / √(1 + P_c).
     *
     * @param probability the model's probability p
     * @param knownPositives P_c, the known positive cells of the cell's category
     */
    public static double informativeness(double probability, long knownPositives) {
        return entropy(probability) / Math.sqrt(1 + knownPositives);
    }

    /** Binary entropy in bits; 0 at p = 0 or 1. */
    static double entropy(double p) {
        if (p <= 0 || p >= 1) {
            return 0;
        }
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }

    private static ProposedState state(int proposal) {
        return proposal == LabelMatrix.POSITIVE ? ProposedState.POSITIVE
                : proposal == LabelMatrix.NEGATIVE ? ProposedState.NEGATIVE : ProposedState.NONE;
    }

    private static Double score(float[][] scores, int i, int c) {
        if (scores == null || Float.isNaN(scores[i][c])) {
            return null;
        }
        return clamp(scores[i][c], -1, 1);
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }
}
