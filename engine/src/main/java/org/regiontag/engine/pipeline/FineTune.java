package org.regiontag.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.engine.Djl;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.VersionContents;
import org.regiontag.engine.project.VersionDescriptor;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.ModelSpec;
import org.regiontag.engine.train.NamedTensor;
import org.regiontag.engine.train.NoGradient;
import org.regiontag.engine.train.RoundData;
import org.regiontag.engine.train.RoundResult;
import org.regiontag.engine.train.RoundTrainer;
import org.regiontag.engine.train.TensorState;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.TrmModel;
import org.regiontag.engine.train.proto.PrototypeState;
import org.regiontag.engine.train.text.PromptLearner;
import org.regiontag.engine.train.text.TextEmbeddings;
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

        List<String> promptNames = workspace.data.promptNames();
        ModelSpec spec = new ModelSpec(backbone.promptEmbeddings(promptNames),
                PromptLearner.factory(backbone.clip(), promptNames, config, false));
        TensorState start = continues ? fitting(parent.contents().parameters(), spec) : TensorState.empty();
        PrototypeState prototypes = continues ? parent.contents().prototypes() : null;

        LabelMatrix known = workspace.data.labels(training);
        float[][] teacher = VersionScoring.zeroShotProbabilities(workspace, training, training);
        LabelMatrix pseudo = null;
        if (config.prototypes() && continues) {
            VersionScoring previous = VersionScoring.score(workspace, parent.contents(), training, listener, token);
            pseudo = previous.proposals().pseudoLabels(identity(training.length), known);
        }

        RoundResult result = new RoundTrainer(config, backbone.device()).train(spec, start, prototypes,
                new RoundData(workspace.features(training), known, pseudo, teacher), listener, token);

        float[][][] text = promptEmbeddings(spec, result.parameters());
        VersionDescriptor descriptor = VersionDescriptor.of(VersionDescriptor.TRAINED, round, backbone,
                workspace.data.categories(), result.prototypes().categories().stream()
                        .map(prototype -> prototype.updates()).collect(Collectors.toList()));
        VersionContents trained = new VersionContents(descriptor, config, result.parameters(), text[0], text[1],
                result.prototypes(), "{}");
        VersionScoring scoring = VersionScoring.score(workspace, trained, workspace.featureRows, listener, token);
        SuggestionPlanner.Plan plan = scoring.plan(workspace);
        RoundMetrics metrics = RoundMetrics.ofRound(round, VersionDescriptor.TRAINED, result.losses())
                .withEvaluation(scoring.evaluate(workspace));
        VersionContents contents = new VersionContents(descriptor, config, result.parameters(), text[0], text[1],
                result.prototypes(), metrics.toJson());

        token.throwIfCancelled();
        listener.onProgress(Suggest.saving(0));
        int[] stored = new int[1];
        long versionId = ModelVersions.register(project, parentId, contents, workspace.data.categories(),
                (connection, id) -> stored[0] = new SuggestionRepository(connection)
                        .replaceSuggestionsForVersion(id, plan.drafts(), project.database().now()));
        listener.onProgress(Suggest.saving(1));
        return new FineTuneResult(versionId, parentId, round, result.lastLoss(), metrics, plan.counts(), stored[0],
                training.length, workspace.featureRows.length, workspace.withoutFeatures, lookup.mismatches());
    }

    /**
     * Keeps the tensors of a saved state that the model of this round has under the same name and
     * shape; the others start from their initial values.
     */
    private TensorState fitting(TensorState saved, ModelSpec spec) {
        Map<String, List<Long>> expected;
        try (NDManager manager = Djl.newBaseManager(backbone.device()); NoGradient noGradient = NoGradient.enter()) {
            expected = TrmModel.create(manager, DataType.FLOAT32, config, spec, TensorState.empty()).snapshot()
                    .tensors().stream().collect(Collectors.toMap(NamedTensor::name, FineTune::shape));
        }
        List<NamedTensor> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (NamedTensor tensor : saved.tensors()) {
            if (shape(tensor).equals(expected.get(tensor.name()))) {
                kept.add(tensor);
            } else {
                dropped.add(tensor.name());
            }
        }
        if (!dropped.isEmpty()) {
            LOG.info("this round's config does not use the saved tensors {}; they start from their initial values"
                    + " where the model has them", dropped);
        }
        return TensorState.of(kept);
    }

    private static List<Long> shape(NamedTensor tensor) {
        List<Long> shape = new ArrayList<>();
        for (long dimension : tensor.shape()) {
            shape.add(dimension);
        }
        return shape;
    }

    /** g⁺ and g⁻ of the trained prompt learner, each (categories, embedDim). */
    private float[][][] promptEmbeddings(ModelSpec spec, TensorState parameters) {
        try (NDManager manager = Djl.newBaseManager(backbone.device()); NoGradient noGradient = NoGradient.enter();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TrmModel model = TrmModel.create(manager, DataType.FLOAT32, config, spec, parameters);
            TextEmbeddings embeddings = model.textSide().embed();
            return new float[][][] {rows(embeddings.positive()), rows(embeddings.negative())};
        }
    }

    private static float[][] rows(NDArray matrix) {
        int categories = (int) matrix.getShape().get(0);
        int width = (int) matrix.getShape().get(1);
        float[] values = matrix.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] rows = new float[categories][width];
        for (int c = 0; c < categories; c++) {
            System.arraycopy(values, c * width, rows[c], 0, width);
        }
        return rows;
    }

    private static int[] identity(int length) {
        int[] indices = new int[length];
        for (int i = 0; i < length; i++) {
            indices[i] = i;
        }
        return indices;
    }
}
