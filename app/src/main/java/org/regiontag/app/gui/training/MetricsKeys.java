package org.regiontag.app.gui.training;

/**
 * The keys of a model version's {@code metrics} JSON that the application reads, in one place so that
 * the training engine writes the same ones. Every key is optional; a number missing from a round
 * leaves a gap in its chart. Fractions are in [0, 1] and shown as percentages.
 *
 * <pre>
 * {"round": 2, "loss": [0.91, 0.84, ...], "map": 0.71, "cf1": 0.66, "of1": 0.70,
 *  "pl_precision": 0.93, "pl_recall": 0.41, "pl_accuracy": 0.88}
 * </pre>
 */
public final class MetricsKeys {

    /** The round's number, from 1; without it, the version's position in the version list. */
    public static final String ROUND = "round";
    /** The training loss after each step of the round, in step order. */
    public static final String LOSS = "loss";
    /** Mean average precision over the categories on the evaluation split. */
    public static final String MAP = "map";
    /** Per-category (macro) F1 on the evaluation split. */
    public static final String CF1 = "cf1";
    /** Overall (micro) F1 on the evaluation split. */
    public static final String OF1 = "of1";
    /** Precision of the round's pseudo-labels against the ground truth kept by a missing-label simulation. */
    public static final String PL_PRECISION = "pl_precision";
    /** Recall of the round's pseudo-labels against that ground truth. */
    public static final String PL_RECALL = "pl_recall";
    /** Accuracy of the round's pseudo-labels against that ground truth. */
    public static final String PL_ACCURACY = "pl_accuracy";

    private MetricsKeys() {
    }
}
