package org.regiontag.engine.train;

import ai.djl.Device;
import ai.djl.TrainingDivergedException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.regiontag.engine.Djl;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.EtaEstimator;
import org.regiontag.engine.job.JobCancelledException;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.train.loss.ContrastSamples;
import org.regiontag.engine.train.loss.LossValues;
import org.regiontag.engine.train.loss.MemoryQueue;
import org.regiontag.engine.train.loss.TrainingObjective;
import org.regiontag.engine.train.proto.PrototypeBank;
import org.regiontag.engine.train.proto.PrototypeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one incremental round: {@link TrainingConfig#stepsPerRound()} AdamW steps on cached
 * features, from a saved state, to a new state and new prototypes.
 *
 * <p>A round is a pure function of its inputs: it builds the model in its own manager, changes
 * nothing it was given, and on cancellation or failure leaves nothing behind. On the CPU it is
 * deterministic for a seed: DJL's engine is seeded, every random choice in Java (initial values,
 * batch order, negative sampling) comes from {@link java.util.Random} seeded from the config, and
 * the whole round runs on the {@link TrainingExecutor} thread.
 *
 * <p>Memory stays flat: each step works in a sub-manager inside an {@link NDScope}, both closed at
 * the end of the step; the optimizer step runs after the scope, because its state (AdamW's moments)
 * must outlive the step.
 */
public final class RoundTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(RoundTrainer.class);
    /** Mixed into the seed for the sampling stream, so that it differs from the initialisation stream. */
    private static final long SAMPLING_SEED_SALT = 0x9E3779B97F4A7C15L;

    private final TrainingConfig config;
    private final Device device;

    public RoundTrainer(TrainingConfig config, Device device) {
        this.config = config;
        this.device = device;
    }

    /**
     * Trains a round on the training thread and waits for it.
     *
     * @param spec the category queries and the text side
     * @param parameters the trainable tensors to start from; empty for a model's first round
     * @param prototypes the prototypes to continue; null for none
     * @param data the round's images, labels, pseudo-labels and teacher
     * @param listener receives the step, the loss terms and the ETA after every step
     * @param token cancels the round between steps
     * @throws JobCancelledException when cancelled (or the waiting thread is interrupted)
     * @throws TrainingDivergedException when a loss becomes NaN or infinite
     */
    public RoundResult train(ModelSpec spec, TensorState parameters, PrototypeState prototypes, RoundData data,
            ProgressListener listener, CancellationToken token) throws Exception {
        if (spec.categories() != data.labels().categories() || spec.embedDim() != data.features().embedDim()) {
            throw new IllegalArgumentException("the model has " + spec.categories() + " categories of width "
                    + spec.embedDim() + "; the data has " + data.labels().categories() + " of width "
                    + data.features().embedDim());
        }
        if (config.distillation() && config.distillationLoss() == DistillationLoss.BINARY_KL
                && data.teacherProbabilities() == null) {
            throw new IllegalArgumentException("binary-KL distillation is on but the round has no teacher probabilities");
        }
        return TrainingExecutor.call(() -> trainOnTrainingThread(spec, parameters, prototypes, data, listener, token));
    }

    private RoundResult trainOnTrainingThread(ModelSpec spec, TensorState parameters, PrototypeState prototypes,
            RoundData data, ProgressListener listener, CancellationToken token) {
        Engine engine = Djl.engine();
        engine.setRandomSeed(config.seed());
        Random random = new Random(config.seed() ^ SAMPLING_SEED_SALT);
        int categories = spec.categories();
        int embedDim = spec.embedDim();
        long started = System.nanoTime();
        LOG.info("training round started: {} steps, batch {}, {} images, {} categories, matching {}",
                config.stepsPerRound(), config.batchSize(), data.features().size(), categories,
                config.matching().configName());

        try (NDManager manager = Djl.newBaseManager(device)) {
            TrmModel model = TrmModel.create(manager, DataType.FLOAT32, config, spec, parameters);
            Tracker schedule = LearningRateSchedule.create(config);
            Optimizer decayed = AdamW.builder().optLearningRateTracker(schedule)
                    .optWeightDecays((float) config.weightDecay()).build();
            Optimizer undecayed = AdamW.builder().optLearningRateTracker(schedule).optWeightDecays(0f).build();
            PrototypeBank bank = prototypes == null ? new PrototypeBank(categories, embedDim, config.prototypeMomentum())
                    : PrototypeBank.fromState(prototypes, config.prototypeMomentum());
            MemoryQueue queue = new MemoryQueue(config.contrastive() ? config.queueSize() : 0, embedDim);
            TrainingObjective objective = new TrainingObjective(config);
            BatchSampler sampler = new BatchSampler(data.features().size(), config.batchSize(), random);
            LabelMatrix pseudoOnUnknown = config.prototypes() && data.pseudoLabels() != null
                    ? data.labels().restrictToUnknown(data.pseudoLabels()) : null;
            LabelMatrix combined = pseudoOnUnknown == null ? data.labels() : data.labels().fillUnknownFrom(pseudoOnUnknown);

            EtaEstimator eta = new EtaEstimator("train", config.stepsPerRound());
            List<LossValues> losses = new ArrayList<>(config.stepsPerRound());
            for (int step = 1; step <= config.stepsPerRound(); step++) {
                token.throwIfCancelled();
                if (Thread.currentThread().isInterrupted()) {
                    throw new JobCancelledException();
                }
                int[] rows = sampler.next();
                LossValues values = forwardAndBackward(engine, manager, model, objective, bank, queue, data,
                        pseudoOnUnknown, combined, rows, random);
                if (!values.isFinite()) {
                    throw new TrainingDivergedException("training diverged at step " + step + ": " + values
                            + "; lower learningRate or check the features for NaN");
                }
                optimizerStep(model, decayed, undecayed, step);
                losses.add(values);
                Map<String, Double> metrics = new LinkedHashMap<>(values.asMap());
                metrics.put("lr", (double) schedule.getNewValue(step));
                listener.onProgress(eta.progress(step, metrics));
            }

            PrototypeState state = bank.snapshot(textPrototypes(model));
            LOG.info("training round finished in {} s: last loss {}", (System.nanoTime() - started) / 1_000_000_000L,
                    losses.get(losses.size() - 1).total());
            return new RoundResult(model.snapshot(), state, losses);
        }
    }

    /**
     * Runs one step's forward and backward pass in its own scope, then updates the prototypes and
     * the queue from the step's region representations.
     */
    private LossValues forwardAndBackward(Engine engine, NDManager manager, TrmModel model,
            TrainingObjective objective, PrototypeBank bank, MemoryQueue queue, RoundData data,
            LabelMatrix pseudoOnUnknown, LabelMatrix combined, int[] rows, Random random) {
        int categories = data.labels().categories();
        try (NDManager stepManager = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            FeatureBatch batch = data.features().load(stepManager, rows);
            NDArray known = data.labels().toNDArray(stepManager, rows, DataType.FLOAT32); // (B, C)
            NDArray pseudo = pseudoOnUnknown == null ? null
                    : pseudoOnUnknown.toNDArray(stepManager, rows, DataType.FLOAT32); // (B, C)
            NDArray teacher = data.teacherProbabilities() == null ? null
                    : teacherRows(stepManager, data.teacherProbabilities(), rows, categories); // (B, C)
            int[] combinedCells = cells(combined, rows);
            ContrastSamples samples = config.contrastive()
                    ? ContrastSamples.select(combinedCells, categories, config.queueNegativesPerPositive(), random)
                    : new ContrastSamples(new int[0], new int[0], new int[0]);
            TrainingObjective.Targets targets = new TrainingObjective.Targets(known, pseudo, teacher, samples);

            TrmModel.Forward forward;
            TrainingObjective.Terms terms;
            try (GradientCollector collector = engine.newGradientCollector()) {
                forward = model.forward(batch);
                terms = objective.compute(forward, targets, queue);
                collector.backward(terms.total());
            }
            LossValues values = terms.values();

            try (NoGradient noGradient = NoGradient.enter()) {
                NDArray regions = forward.head().regionFeatures(); // (B, C, D)
                long embedDim = regions.getShape().get(2);
                NDArray flat = Tensors.l2Normalize(regions).reshape(rows.length * (long) categories, embedDim); // (B·C, D)
                updatePrototypes(bank, flat, cells(data.labels(), rows), categories);
                if (samples.size() > 0 && queue.capacity() > 0) {
                    float[] sampleFeatures = select(flat, samples.cells()).toFloatArray();
                    queue.enqueue(sampleFeatures, samples.categories(), samples.labels());
                }
            }
            return values;
        }
    }

    /**
     * AdamW on every parameter; matrices get weight decay, vectors and scalars do not (as nanoGPT
     * does). A non-finite gradient stops the round before any parameter changes.
     */
    private static void optimizerStep(TrmModel model, Optimizer decayed, Optimizer undecayed, int step) {
        List<Parameter> parameters = model.parameterList();
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        try {
            for (Parameter parameter : parameters) {
                gradients.add(parameter.getArray().getGradient());
            }
            requireFinite(parameters, gradients, step);
            for (int i = 0; i < parameters.size(); i++) {
                Parameter parameter = parameters.get(i);
                NDArray weight = parameter.getArray();
                Optimizer optimizer = weight.getShape().dimension() >= 2 ? decayed : undecayed;
                optimizer.update(parameter.getId(), weight, gradients.get(i));
            }
        } finally {
            gradients.forEach(NDArray::close);
        }
    }

    /**
     * Throws when a gradient has a NaN or an infinite value. One sum per parameter is enough: it
     * is NaN or infinite whenever an element is (or when finite elements overflow, which also
     * means divergence), and costs far less than element-wise tests.
     */
    private static void requireFinite(List<Parameter> parameters, List<NDArray> gradients, int step) {
        // The sums would otherwise stay in the round's manager until the round ends.
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray total = gradients.get(0).sum();
            for (int i = 1; i < gradients.size(); i++) {
                total = total.add(gradients.get(i).sum());
            }
            if (Double.isFinite(total.toType(DataType.FLOAT64, false).getDouble())) {
                return;
            }
            for (int i = 0; i < gradients.size(); i++) {
                if (!Double.isFinite(gradients.get(i).sum().toType(DataType.FLOAT64, false).getDouble())) {
                    throw new TrainingDivergedException("training diverged at step " + step + ": the gradient of "
                            + parameters.get(i).getName() + " is NaN or infinite; lower learningRate or check the"
                            + " features");
                }
            }
        }
    }

    private static void updatePrototypes(PrototypeBank bank, NDArray flat, int[] knownCells, int categories) {
        int count = 0;
        for (int label : knownCells) {
            count += label == LabelMatrix.POSITIVE ? 1 : 0;
        }
        if (count == 0) {
            return;
        }
        int[] positiveCells = new int[count];
        int[] positiveCategories = new int[count];
        int next = 0;
        for (int cell = 0; cell < knownCells.length; cell++) {
            if (knownCells[cell] == LabelMatrix.POSITIVE) {
                positiveCells[next] = cell;
                positiveCategories[next++] = cell % categories;
            }
        }
        bank.update(select(flat, positiveCells).toFloatArray(), positiveCategories);
    }

    private static NDArray select(NDArray flat, int[] cells) {
        long[] indices = new long[cells.length];
        for (int i = 0; i < cells.length; i++) {
            indices[i] = cells[i];
        }
        return flat.get(new NDIndex("{}", flat.getManager().create(indices))); // (cells, D)
    }

    /** Flattens the labels of the rows, row-major (B·C). */
    private static int[] cells(LabelMatrix labels, int[] rows) {
        int categories = labels.categories();
        int[] cells = new int[rows.length * categories];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < categories; c++) {
                cells[i * categories + c] = labels.get(rows[i], c);
            }
        }
        return cells;
    }

    private static NDArray teacherRows(NDManager manager, float[][] teacher, int[] rows, int categories) {
        float[] values = new float[rows.length * categories];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(teacher[rows[i]], 0, values, i * categories, categories);
        }
        return manager.create(values, new Shape(rows.length, categories)); // (B, C)
    }

    /** Copies the normalised learned g⁺ of every category, (C, D), into Java arrays. */
    private static float[][] textPrototypes(TrmModel model) {
        try (NoGradient noGradient = NoGradient.enter(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray positive = Tensors.l2Normalize(model.textSide().embed().positive()); // (C, D)
            float[] values = positive.toType(DataType.FLOAT32, false).toFloatArray();
            int categories = (int) positive.getShape().get(0);
            int embedDim = (int) positive.getShape().get(1);
            float[][] rows = new float[categories][embedDim];
            for (int c = 0; c < categories; c++) {
                System.arraycopy(values, c * embedDim, rows[c], 0, embedDim);
            }
            return rows;
        }
    }
}
