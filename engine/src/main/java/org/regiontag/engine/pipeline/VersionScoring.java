package org.regiontag.engine.pipeline;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.ProjectData;
import org.regiontag.engine.project.VersionContents;
import org.regiontag.engine.project.VersionDescriptor;
import org.regiontag.engine.project.ZeroShotCalibration;
import org.regiontag.engine.train.FeatureSource;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.TensorState;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.proto.CategoryPrototype;
import org.regiontag.engine.train.proto.CellScores;
import org.regiontag.engine.train.proto.PrototypeState;

/**
 * A version's scores on a workspace's rows: probabilities, prototype scores where the version uses
 * prototypes, and calibrated proposals. A zero-shot version's probabilities are the zero-shot
 * cosines calibrated on the known cells ({@link ZeroShotCalibration}).
 *
 * @param rows the scored rows of the workspace's snapshot
 * @param probability per entry of {@code rows} and category
 * @param visualScore s_v, or null when the version does not use prototypes
 * @param textScore s_t, or null when the version does not use prototypes
 * @param proposals the calibrated proposals of the same cells
 */
public record VersionScoring(int[] rows, float[][] probability, float[][] visualScore, float[][] textScore,
        CellProposals proposals) {

    /** Scores the rows of a workspace's snapshot with a version. */
    static VersionScoring score(Workspace workspace, VersionContents contents, int[] rows, ProgressListener listener,
            CancellationToken token) {
        LabelMatrix known = workspace.data.labels(rows);
        if (contents.descriptor().isZeroShot()) {
            return fromProbabilities(rows, zeroShotProbabilities(workspace, rows, rows), known, contents.config());
        }
        return scoreTrained(contents, workspace.features(rows), known, rows, workspace.backbone.device(), listener,
                token);
    }

    /**
     * Scores images with a trained version, proposals calibrated on {@code known}.
     *
     * @param features the images, in the order of {@code rows}
     * @param known their labels
     * @param rows what the caller calls these images, kept in the result
     */
    public static VersionScoring scoreTrained(VersionContents contents, FeatureSource features, LabelMatrix known,
            int[] rows, Device device, ProgressListener listener, CancellationToken token) {
        CellScores scores = Scoring.score(contents, features, device, listener, token);
        TrainingConfig config = contents.config();
        if (!config.prototypes()) {
            return fromProbabilities(rows, scores.probability(), known, config);
        }
        return new VersionScoring(rows, scores.probability(), scores.visualScore(), scores.textScore(),
                CellProposals.fromPrototypes(scores, known, config));
    }

    /** Scores from probabilities alone (zero-shot, or a version without prototypes). */
    public static VersionScoring fromProbabilities(int[] rows, float[][] probability, LabelMatrix known,
            TrainingConfig config) {
        return new VersionScoring(rows, probability, null, null,
                CellProposals.fromProbabilities(probability, known, config));
    }

    /**
     * Calibrates the zero-shot cosines on the known cells of {@code calibrationRows} and returns the
     * probabilities of {@code rows}.
     */
    static float[][] zeroShotProbabilities(Workspace workspace, int[] calibrationRows, int[] rows) {
        return zeroShotCalibration(workspace, calibrationRows).probabilities(workspace.data.zeroShot(rows));
    }

    /** Calibrates the zero-shot cosines on the known cells of {@code rows}. */
    static ZeroShotCalibration zeroShotCalibration(Workspace workspace, int[] rows) {
        ProjectData data = workspace.data;
        return ZeroShotCalibration.fit(data.zeroShot(rows), data.labels(rows), workspace.backbone.clip().logitScale());
    }

    /**
     * The contents of a zero-shot version (round 0): no trained tensors, the hand-crafted prompt
     * embeddings as g⁺, g⁻ and text prototypes, and the default training config.
     */
    static VersionContents zeroShotContents(Workspace workspace, String metricsJson) {
        float[][] prompts = workspace.backbone.promptEmbeddings(workspace.data.promptNames());
        List<CategoryPrototype> categories = new ArrayList<>();
        List<Long> updates = new ArrayList<>();
        for (int c = 0; c < prompts.length; c++) {
            categories.add(new CategoryPrototype(c, new float[0], prompts[c], 0));
            updates.add(0L);
        }
        VersionDescriptor descriptor = VersionDescriptor.of(VersionDescriptor.ZERO_SHOT, 0, workspace.backbone,
                workspace.data.categories(), updates);
        return new VersionContents(descriptor, TrainingConfig.defaults(), TensorState.empty(), prompts, prompts,
                new PrototypeState(workspace.backbone.embedDim(), categories), metricsJson);
    }

    /** Evaluates these scores against the workspace's complete labels. */
    EvaluationResult evaluate(Workspace workspace) {
        return Evaluation.evaluate(workspace.data, rows, probability, proposals);
    }

    /** Plans the suggestions of these scores. */
    SuggestionPlanner.Plan plan(Workspace workspace) {
        return SuggestionPlanner.plan(workspace.data, rows, probability, visualScore, textScore, proposals);
    }
}
