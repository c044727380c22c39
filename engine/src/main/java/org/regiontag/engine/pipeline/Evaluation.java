package org.regiontag.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.regiontag.engine.eval.ClassificationMetrics;
import org.regiontag.engine.eval.MultiLabelMetrics;
import org.regiontag.engine.eval.PseudoLabelMetrics;
import org.regiontag.engine.eval.PseudoLabelQuality;
import org.regiontag.engine.project.ProjectData;
import org.regiontag.engine.train.LabelMatrix;

/**
 * Measures a model's scores against the project's complete labels.
 *
 * <p><b>mAP, CF1 and OF1</b> are computed on the images of the test split that have complete labels,
 * ranking every cell that has a complete label. A project without such test images (its complete
 * labels are all on training images, as after importing one split with a missing-label simulation)
 * is evaluated on every image with complete labels instead, which reports how well the unknown
 * cells are completed rather than how the model generalises; {@code eval_set} says which.
 *
 * <p><b>Pseudo-label precision, recall and accuracy</b> (TRM-ML's supplement, table 3) measure the
 * proposals on the cells that are unknown in the working labels of training images (splits other
 * than test) and known in the complete labels, as {@link PseudoLabelMetrics} defines them.
 */
public final class Evaluation {

    private Evaluation() {
    }

    /**
     * Evaluates the scored rows.
     *
     * @param rows the scored images, as rows of {@code data}
     * @param probability the model's probability per entry of {@code rows} and category
     * @param proposals the calibrated proposals of the same cells
     */
    public static EvaluationResult evaluate(ProjectData data, int[] rows, float[][] probability,
            CellProposals proposals) {
        List<Integer> test = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        List<Integer> training = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (!hasCompleteLabel(data, rows[i])) {
                continue;
            }
            all.add(i);
            if (data.isTest(rows[i])) {
                test.add(i);
            } else {
                training.add(i);
            }
        }
        String evalSet = !test.isEmpty() ? "test" : !all.isEmpty() ? "all" : "none";
        List<Integer> evalIndices = !test.isEmpty() ? test : all;

        ClassificationMetrics classification = null;
        if (!evalIndices.isEmpty()) {
            int[] evalRows = select(rows, evalIndices);
            LabelMatrix truth = data.completeLabels(evalRows);
            if (truth.count(LabelMatrix.POSITIVE) > 0) {
                classification = MultiLabelMetrics.evaluate(select(probability, evalIndices), truth);
            }
        }

        PseudoLabelQuality pseudo = null;
        if (!training.isEmpty()) {
            int[] trainingRows = select(rows, training);
            LabelMatrix known = data.labels(trainingRows);
            LabelMatrix complete = data.completeLabels(trainingRows);
            int[] indices = training.stream().mapToInt(Integer::intValue).toArray();
            pseudo = PseudoLabelMetrics.evaluate(known, proposals.pseudoLabels(indices, known), complete);
            if (pseudo.unknownCells() == 0) {
                pseudo = null;
            }
        }
        return new EvaluationResult(evalSet, evalIndices.size(), classification, pseudo, training.size());
    }

    private static boolean hasCompleteLabel(ProjectData data, int row) {
        for (int c = 0; c < data.categoryCount(); c++) {
            if (data.completeLabel(row, c) != 0) {
                return true;
            }
        }
        return false;
    }

    private static int[] select(int[] rows, List<Integer> indices) {
        int[] selected = new int[indices.size()];
        for (int k = 0; k < selected.length; k++) {
            selected[k] = rows[indices.get(k)];
        }
        return selected;
    }

    private static float[][] select(float[][] values, List<Integer> indices) {
        float[][] selected = new float[indices.size()][];
        for (int k = 0; k < selected.length; k++) {
            selected[k] = values[indices.get(k)];
        }
        return selected;
    }
}
