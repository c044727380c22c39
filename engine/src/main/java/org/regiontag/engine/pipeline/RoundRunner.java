package org.regiontag.engine.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.regiontag.db.repo.Category;
import org.regiontag.engine.Djl;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.VersionContents;
import org.regiontag.engine.project.VersionDescriptor;
import org.regiontag.engine.project.ZeroShotCalibration;
import org.regiontag.engine.train.FeatureSource;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.ModelSpec;
import org.regiontag.engine.train.NamedTensor;
import org.regiontag.engine.train.NoGradient;
import org.regiontag.engine.train.PromptPrior;
import org.regiontag.engine.train.RoundData;
import org.regiontag.engine.train.RoundResult;
import org.regiontag.engine.train.RoundTrainer;
import org.regiontag.engine.train.TensorState;
import org.regiontag.engine.train.Tensors;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.TrmModel;
import org.regiontag.engine.train.loss.LossValues;
import org.regiontag.engine.train.text.PromptLearner;
import org.regiontag.engine.train.text.TextEmbeddings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one round with the prompt learner on CLIP's text tower, without touching any store: the
 * part of a {@link FineTune} round that the benchmarks repeat on simulated labels.
 */
public final class RoundRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RoundRunner.class);

    private RoundRunner() {
    }

    /**
     * A trained round.
     *
     * @param contents the new version's contents, metrics not yet filled in ({@code "{}"})
     * @param losses the loss terms of every step
     */
    public record TrainedRound(VersionContents contents, List<LossValues> losses) {

        public TrainedRound {
            losses = List.copyOf(losses);
        }
    }

    /**
     * Trains a round.
     *
     * @param categories the categories in column order
     * @param round the round number the new version gets
     * @param calibration the zero-shot calibration behind {@code teacher}, which the prompt prior
     *     uses under {@link TrainingConfig#promptPrior()}
     * @param features the training images
     * @param known their labels, 0 for unknown
     * @param teacher the distillation teacher's probabilities, (images, categories)
     * @param previous a trained version to continue (its tensors where the config has the same ones,
     *     and its prototypes), or null to start from scratch
     * @param pseudo pseudo-labels of the unknown cells, or null for none
     * @throws org.regiontag.engine.job.JobCancelledException when cancelled between steps
     */
    public static TrainedRound train(Backbone backbone, List<Category> categories, TrainingConfig config, int round,
            ZeroShotCalibration calibration, FeatureSource features, LabelMatrix known, float[][] teacher,
            VersionContents previous, LabelMatrix pseudo, ProgressListener listener, CancellationToken token)
            throws Exception {
        List<String> promptNames = categories.stream().map(Category::promptName).toList();
        float[][] prompts = backbone.promptEmbeddings(promptNames);
        PromptPrior prior = config.promptPrior() ? PromptPrior.of(prompts, calibration.a(), calibration.d(),
                calibration.b(), calibration.meanCentre(), calibration.logitScale()) : null;
        ModelSpec spec = new ModelSpec(prompts, PromptLearner.factory(backbone.clip(), promptNames, config, false),
                prior);
        boolean continues = previous != null && !previous.descriptor().isZeroShot();
        TensorState start = continues ? fitting(previous.parameters(), spec, config, backbone.device())
                : TensorState.empty();

        RoundResult result = new RoundTrainer(config, backbone.device()).train(spec, start,
                continues ? previous.prototypes() : null, new RoundData(features, known, pseudo, teacher), listener,
                token);

        float[][][] text = promptEmbeddings(spec, config, result.parameters(), backbone.device());
        List<Long> updates = result.prototypes().categories().stream().map(prototype -> prototype.updates())
                .collect(Collectors.toList());
        VersionDescriptor descriptor = VersionDescriptor.of(VersionDescriptor.TRAINED, round, backbone, categories,
                updates);
        return new TrainedRound(new VersionContents(descriptor, config, result.parameters(), text[0], text[1],
                result.prototypes(), "{}"), result.losses());
    }

    /**
     * Keeps the tensors of a saved state that this round's model has under the same name and shape;
     * the others start from their initial values.
     */
    private static TensorState fitting(TensorState saved, ModelSpec spec, TrainingConfig config, Device device) {
        Map<String, List<Long>> expected;
        try (NDManager manager = Djl.newBaseManager(device); NoGradient noGradient = NoGradient.enter()) {
            expected = TrmModel.create(manager, DataType.FLOAT32, config, spec, TensorState.empty()).snapshot()
                    .tensors().stream().collect(Collectors.toMap(NamedTensor::name, RoundRunner::shape));
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
    private static float[][][] promptEmbeddings(ModelSpec spec, TrainingConfig config, TensorState parameters,
            Device device) {
        try (NDManager manager = Djl.newBaseManager(device); NoGradient noGradient = NoGradient.enter();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TrmModel model = TrmModel.create(manager, DataType.FLOAT32, config, spec, parameters);
            TextEmbeddings embeddings = model.textSide().embed();
            return new float[][][] {rows(embeddings.positive()), rows(embeddings.negative())};
        }
    }

    private static float[][] rows(NDArray matrix) {
        return Tensors.unflatten(matrix.toType(DataType.FLOAT32, false).toFloatArray(),
                (int) matrix.getShape().get(0), (int) matrix.getShape().get(1));
    }
}
