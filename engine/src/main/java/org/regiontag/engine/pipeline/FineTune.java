package org.regiontag.engine.pipeline;

import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.VersionContents;
import org.regiontag.engine.project.VersionDescriptor;
import org.regiontag.engine.project.ZeroShotCalibration;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.loss.LossValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One incremental training round: {@link TrainingConfig#stepsPerRound()} steps from the newest model
 * version on the labels as they are now, saved as a new version, followed by its suggestions.
 *
 * <p>The round trains on the images with cached features outside the test split: known cells from
 * the working labels, unknown cells 0, the zero-shot probabilities (calibrated on the known cells)
 * as the distillation teacher, and, when prototypes are on and the newest version is trained, that
 * version's proposals on unknown cells as pseudo-labels. It continues the newest version's trainable
 * tensors and prototypes when that version fits the backbone and categories; the first round, and
 * a round after the backbone or the categories changed, starts from scratch: category queries at
 * the hand-crafted prompt embeddings, prompt contexts at their configured start. A tensor whose
 * shape the config changed (another matching head, class-specific contexts) starts fresh too.
 *
 * <p>Then the new model scores every image with features, which gives its suggestions
 * ({@link SuggestionPlanner}) and its metrics ({@link Evaluation}). Cancellation and failure
 * leave the project unchanged: everything is computed first, and the version's folder, its row, its
 * prototypes and its suggestions are written at the end, the store's part in one transaction. A
 * cancellation requested after the last check, while the version is being written, is ignored.
 */
public final class FineTune implements Job<FineTuneResult> {

    private static final Logger LOG = LoggerFactory.getLogger(FineTune.class);

    private final Project project;
    private final Backbone backbone;
    private final TrainingConfig config;

    public FineTune(Project project, Backbone backbone, TrainingConfig config) {
        this.project = project;
        this.backbone = backbone;
        this.config = config;
    }

    @Override
    public FineTuneResult run(ProgressListener listener, CancellationToken token) throws Exception {
        Workspace workspace = Workspace.prepare(project, backbone, listener, token);
        int[] training = workspace.trainingRows();
        if (training.length == 0) {
            throw new UserInputException(PipelineMessages.format("train.noTrainingImages", project.folder()));
        }
        VersionLookup lookup = VersionLookup.latest(workspace);
        ModelVersions.Loaded parent = lookup.usable();
        boolean continues = lookup.hasTrainedVersion();
        int round = parent == null ? 1 : parent.round() + 1;
        Long parentId = parent == null ? null : parent.row().id();
        if (!lookup.mismatches().isEmpty()) {
            LOG.info("starting round {} from scratch: the newest version {} does not fit ({})", round,
                    lookup.latest().id(), String.join("; ", lookup.mismatches()));
        }

        LabelMatrix known = workspace.data.labels(training);
        ZeroShotCalibration calibration = VersionScoring.zeroShotCalibration(workspace, training);
        float[][] teacher = calibration.probabilities(workspace.data.zeroShot(training));
        LabelMatrix pseudo = null;
        if (config.prototypes() && continues) {
            VersionScoring previous = VersionScoring.score(workspace, parent.contents(), training, listener, token);
            pseudo = previous.proposals().pseudoLabels(identity(training.length), known);
        }

        RoundRunner.TrainedRound result = RoundRunner.train(backbone, workspace.data.categories(), config, round,
                calibration, workspace.features(training), known, teacher, continues ? parent.contents() : null,
                pseudo, listener, token);
        VersionContents trained = result.contents();
        VersionScoring scoring = VersionScoring.score(workspace, trained, workspace.featureRows, listener, token);
        SuggestionPlanner.Plan plan = scoring.plan(workspace);
        RoundMetrics metrics = RoundMetrics.ofRound(round, VersionDescriptor.TRAINED, result.losses())
                .withEvaluation(scoring.evaluate(workspace));
        VersionContents contents = new VersionContents(trained.descriptor(), config, trained.parameters(),
                trained.positive(), trained.negative(), trained.prototypes(), metrics.toJson());

        token.throwIfCancelled();
        listener.onProgress(Suggest.saving(0));
        int[] stored = new int[1];
        long versionId = ModelVersions.register(project, parentId, contents, workspace.data.categories(),
                (connection, id) -> stored[0] = new SuggestionRepository(connection)
                        .replaceSuggestionsForVersion(id, plan.drafts(), project.database().now()));
        listener.onProgress(Suggest.saving(1));
        LossValues last = result.losses().get(result.losses().size() - 1);
        return new FineTuneResult(versionId, parentId, round, last, metrics, plan.counts(), stored[0],
                training.length, workspace.featureRows.length, workspace.withoutFeatures, lookup.mismatches());
    }

    private static int[] identity(int length) {
        int[] indices = new int[length];
        for (int i = 0; i < length; i++) {
            indices[i] = i;
        }
        return indices;
    }
}
