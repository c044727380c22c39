package org.regiontag.engine.demo.pretrain;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ClipConfig;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.ClipTokenizer;
import org.regiontag.engine.clip.SafetensorsWriter;
import org.regiontag.engine.clip.image.ClipPreprocessor;
import org.regiontag.engine.clip.image.PreprocessConfig;
import org.regiontag.engine.clip.nn.ClipBlock;
import org.regiontag.engine.clip.nn.TextTransformer;
import org.regiontag.engine.clip.resnet.ResNetFeatures;
import org.regiontag.engine.clip.safetensors.SafetensorsFile;
import org.regiontag.engine.demo.SceneGenerator;
import org.regiontag.engine.io.AtomicFiles;
import org.regiontag.engine.train.NoGradient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pretrains the demo's tiny CLIP on generated scenes (see {@link PretrainObjective} for the
 * losses) and writes a checkpoint folder that {@link ClipModel#load} reads.
 *
 * <p>The output folder holds, besides {@code config.json}, {@code model.safetensors} and
 * {@code tokenizer.json}: {@link #LOG_FILE}, one tab-separated line per logged step or
 * evaluation (appended to on resume); {@link #EVALUATION_FILE}, the final evaluation as JSON;
 * and the training state ({@link #STATE_FILE} naming a {@code state-STEP.safetensors}), from which
 * {@code resume} continues after a crash with the same schedule, weights, moments and scenes.
 */
public final class DemoPretrainer {

    /** The training log in the output folder. */
    public static final String LOG_FILE = "training-log.tsv";
    /** The final evaluation in the output folder. */
    public static final String EVALUATION_FILE = "evaluation.json";
    /** The description of the newest training state in the output folder. */
    public static final String STATE_FILE = "training-state.json";

    private static final Logger LOG = LoggerFactory.getLogger(DemoPretrainer.class);
    private static final String MEAN_PREFIX = "adam.mean.";
    private static final String VARIANCE_PREFIX = "adam.variance.";

    private final PretrainConfig config;
    private final Path out;
    private final Device device;

    /**
     * @param config the settings; for a resumed run its seed, batch size and shape must match the saved state's
     * @param out the output folder, created when missing
     * @param device where the model trains
     */
    public DemoPretrainer(PretrainConfig config, Path out, Device device) {
        this.config = config;
        this.out = out;
        this.device = device;
    }

    /** The outcome of a finished run: its steps, its training time and the final evaluation. */
    public record Result(int steps, double trainingSeconds, DemoModelEvaluation evaluation) {
    }

    /**
     * Trains, evaluates and writes the checkpoint folder.
     *
     * @param resume continue from the folder's training state instead of starting afresh; without
     *     a saved state this fails
     * @throws IOException when the output folder cannot be written
     */
    public Result run(boolean resume) throws IOException {
        return run(resume, Integer.MAX_VALUE);
    }

    /**
     * Trains as {@link #run(boolean)} does, but stops after {@code stopAfter} steps of this call
     * once their training state is saved, as a crash after a checkpoint would; returns
     * {@code null} when it stops early.
     */
    Result run(boolean resume, int stopAfter) throws IOException {
        // A resume without a usable state fails before anything is written.
        PretrainState savedState = resume ? PretrainState.read(out.resolve(STATE_FILE)) : null;
        if (savedState != null) {
            savedState.requireCompatible(out.resolve(STATE_FILE), config);
        }
        Files.createDirectories(out);
        DemoTokenizer demoTokenizer = DemoTokenizer.build();
        Path tokenizerFile = out.resolve(ClipModel.TOKENIZER_FILE);
        demoTokenizer.write(tokenizerFile);
        ClipConfig clipConfig = config.shape().clipConfig(demoTokenizer.vocabularySize());
        int imageSize = clipConfig.vision().imageSize();
        PreprocessConfig normalisation = PreprocessConfig.clipDefaults(imageSize);

        DemoTestSet testSet = DemoTestSet.render(config.eval(), config.evalImages(),
                new ClipPreprocessor(normalisation), imageSize);
        Engine engine = Djl.engine();
        try (NDManager manager = Djl.newBaseManager(device);
                ClipTokenizer tokenizer = ClipTokenizer.load(tokenizerFile, clipConfig.text().contextLength());
                SceneFeeder feeder = new SceneFeeder(new SceneGenerator(), config.seed(), config.batchSize(),
                        imageSize, normalisation, tokenizer);
                BufferedWriter log = Files.newBufferedWriter(out.resolve(LOG_FILE), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            // The seed fixes the initial weights as well as the scenes, so that a run can be repeated.
            engine.setRandomSeed((int) config.seed());
            PretrainModel model = PretrainModel.create(clipConfig, manager);
            AdamWOptimizer optimizer = new AdamWOptimizer();
            ParameterStore store = new ParameterStore(manager, false);
            Map<String, Boolean> decayed = decayedParameters(model);
            PromptTokens prompts = PromptTokens.encode(tokenizer);

            int done = 0;
            int totalSteps = config.steps();
            double budgetSeconds = config.minutes() * 60;
            double trainingSeconds = 0;
            if (resume) {
                SavedState saved = restore(savedState, model, optimizer, manager);
                done = saved.step();
                trainingSeconds = saved.trainingSeconds();
                if (totalSteps == 0 && budgetSeconds == 0) {
                    // Without a new length the run keeps its saved length, and a new length extends or shortens it.
                    totalSteps = saved.totalSteps();
                    budgetSeconds = saved.minutes() * 60;
                }
                LOG.info("resuming at step {} ({} s of training) from {}", done, round(trainingSeconds, 1), out);
                writeLine(log, "# " + Instant.now() + " resumed at step " + done + " after "
                        + round(trainingSeconds, 1) + " s of training, "
                        + (totalSteps > 0 ? totalSteps + " steps in all" : budgetSeconds / 60 + " minutes in all"));
            } else {
                writeLine(log, "# " + Instant.now() + " start: " + describe(clipConfig, model));
                writeLine(log, "kind\tstep\tlr\tloss\timage\tpatch\tcaption\tseconds_per_step\telapsed_s"
                        + "\tmap\tpointing_pixel\tpointing_cell");
            }
            if (totalSteps == 0 && !(budgetSeconds > 0)) {
                throw new IllegalArgumentException("a new run needs a step count or a time budget");
            }
            boolean timed = totalSteps == 0;
            LOG.info("pretraining the demo model: {}, {}", describe(clipConfig, model),
                    timed ? budgetSeconds / 60 + " minutes of training" : totalSteps + " steps");

            double windowSeconds = 0;
            int windowSteps = 0;
            double[] windowLoss = new double[4];
            int stepsThisCall = 0;
            while (timed ? trainingSeconds < budgetSeconds : done < totalSteps) {
                long start = System.nanoTime();
                SceneFeeder.StepBatch batch = feeder.take(done);
                double learningRate = timed ? config.learningRateAtTime(done + 1, trainingSeconds / budgetSeconds)
                        : config.learningRateAt(done + 1, totalSteps);
                double[] losses = step(engine, manager, store, model, optimizer, decayed, prompts, batch, done + 1,
                        learningRate);
                done++;
                double seconds = (System.nanoTime() - start) / 1e9;
                trainingSeconds += seconds;
                windowSeconds += seconds;
                windowSteps++;
                for (int i = 0; i < losses.length; i++) {
                    windowLoss[i] += losses[i];
                }

                boolean last = timed ? trainingSeconds >= budgetSeconds : done >= totalSteps;
                if (done % config.logEvery() == 0 || last) {
                    String line = String.format(Locale.ROOT, "train\t%d\t%.6f\t%.5f\t%.5f\t%.5f\t%.5f\t%.3f\t%.1f\t\t\t",
                            done, learningRate, windowLoss[0] / windowSteps, windowLoss[1] / windowSteps,
                            windowLoss[2] / windowSteps, windowLoss[3] / windowSteps, windowSeconds / windowSteps,
                            trainingSeconds);
                    writeLine(log, line);
                    LOG.info("step {}: loss {} (image {}, patch {}, caption {}), {} s per step", done,
                            round(windowLoss[0] / windowSteps, 4), round(windowLoss[1] / windowSteps, 4),
                            round(windowLoss[2] / windowSteps, 4), round(windowLoss[3] / windowSteps, 4),
                            round(windowSeconds / windowSteps, 3));
                    windowSeconds = 0;
                    windowSteps = 0;
                    Arrays.fill(windowLoss, 0);
                }
                stepsThisCall++;
                if (done % config.checkpointEvery() == 0 || last) {
                    saveState(model, optimizer, done, totalSteps, budgetSeconds / 60, trainingSeconds);
                    if (stepsThisCall >= stopAfter) {
                        return null;
                    }
                }
                if (config.evalEvery() > 0 && done % config.evalEvery() == 0 && !last) {
                    DemoModelEvaluation evaluation = evaluateCheckpoint(model, demoTokenizer, testSet);
                    writeLine(log, evaluationLine(done, trainingSeconds, evaluation));
                }
            }

            model.writeCheckpoint(out, demoTokenizer);
            DemoTestSet finalSet = config.finalEvalImages() == testSet.size() ? testSet
                    : DemoTestSet.render(config.eval(), config.finalEvalImages(), new ClipPreprocessor(normalisation),
                            imageSize);
            DemoModelEvaluation evaluation;
            try (ClipModel loaded = ClipModel.load(out, device)) {
                evaluation = DemoModelEvaluator.evaluate(loaded, finalSet);
            }
            writeLine(log, evaluationLine(done, trainingSeconds, evaluation));
            writeLine(log, "# " + Instant.now() + " finished after " + done + " steps, " + round(trainingSeconds, 1)
                    + " s of training");
            AtomicFiles.write(out.resolve(EVALUATION_FILE), (evaluation.toJson().toPrettyString() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return new Result(done, trainingSeconds, evaluation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pretraining was interrupted", e);
        }
    }

    /**
     * One optimiser step: forward and backward pass in a scope of their own, then AdamW.
     *
     * @return the total loss and the image, patch and caption terms (the caption term is 0 when off)
     */
    private double[] step(Engine engine, NDManager manager, ParameterStore store, PretrainModel model,
            AdamWOptimizer optimizer, Map<String, Boolean> decayed, PromptTokens prompts, SceneFeeder.StepBatch batch,
            int step, double learningRate) {
        ClipBlock block = model.block();
        int size = config.shape().imageSize();
        int count = config.batchSize();
        int grid = batch.grid();
        int categories = batch.categories();
        double[] values = new double[4];
        try (NDManager stepManager = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray pixels = stepManager.create(batch.pixels(), new Shape(count, 3, size, size)); // (batch, 3, size, size)
            NDArray labels = stepManager.create(batch.labels(), new Shape(count, categories)); // (batch, categories)
            NDArray patchTargets = stepManager.create(batch.patchTargets(),
                    new Shape(count, grid, grid, categories)); // (batch, grid, grid, categories)
            ClipTokenizer.TokenBatch captions = batch.captions();
            NDArray captionIds = stepManager.create(captions.ids(),
                    new Shape(captions.batch(), captions.length())); // (batch, tokens)
            NDArray captionEot = stepManager.create(captions.eotPositions()); // (batch,)
            NDArray captionTargets = stepManager.create(batch.captionTargets(), new Shape(count, count)); // (batch, batch)
            ClipTokenizer.TokenBatch promptBatch = prompts.forStep(step);
            NDArray promptIds = stepManager.create(promptBatch.ids(),
                    new Shape(promptBatch.batch(), promptBatch.length())); // (categories, tokens)
            NDArray promptEot = stepManager.create(promptBatch.eotPositions()); // (categories,)
            boolean withCaptions = config.captionWeight() > 0;

            PretrainObjective.Terms terms;
            try (GradientCollector collector = engine.newGradientCollector()) {
                ResNetFeatures features = block.resNet().encode(store, pixels, true); // (batch, embedDim), (batch, grid, grid, embedDim)
                TextTransformer text = block.text();
                NDArray promptEmbeds = text.encodeTokenEmbeddings(store, text.embedTokens(store, promptIds, true),
                        promptEot, true); // (categories, embedDim)
                NDArray captionEmbeds = withCaptions ? text.encodeTokenEmbeddings(store,
                        text.embedTokens(store, captionIds, true), captionEot, true) : null; // (batch, embedDim)
                terms = PretrainObjective.compute(features.imageEmbeds(), features.denseFeatures(), promptEmbeds, labels,
                        patchTargets, captionEmbeds, withCaptions ? captionTargets : null, model.heads(),
                        config.captionWeight());
                collector.backward(terms.total());
            }
            values[0] = terms.total().getFloat();
            values[1] = terms.image().getFloat();
            values[2] = terms.patch().getFloat();
            values[3] = terms.caption() == null ? 0 : terms.caption().getFloat();
        }
        if (!Double.isFinite(values[0])) {
            throw new IllegalStateException("the pretraining loss became " + values[0] + " at step " + step
                    + "; resume from the last training state with a lower learning rate");
        }
        optimizer.step(model.trainable(), decayed, step, learningRate, config.weightDecay(), manager);
        model.clampLogitScale();
        return values;
    }

    /** Matrices and convolution kernels are decayed; vectors, scalars and the loss heads are not. */
    private static Map<String, Boolean> decayedParameters(PretrainModel model) {
        Map<String, Boolean> decayed = new LinkedHashMap<>();
        model.trainable().forEach((name, array) -> decayed.put(name,
                !name.startsWith(PretrainModel.HEAD_PREFIX) && array.getShape().dimension() >= 2));
        return decayed;
    }

    private DemoModelEvaluation evaluateCheckpoint(PretrainModel model, DemoTokenizer tokenizer, DemoTestSet set)
            throws IOException {
        model.writeCheckpoint(out, tokenizer);
        try (ClipModel loaded = ClipModel.load(out, device)) {
            DemoModelEvaluation evaluation = DemoModelEvaluator.evaluate(loaded, set);
            LOG.info("evaluation on {} test images: mAP {}, pointing {}% of pixels ({}% of cells)", evaluation.images(),
                    round(evaluation.meanAveragePrecision(), 2), round(evaluation.pixelPointing(), 1),
                    round(evaluation.cellPointing(), 1));
            return evaluation;
        }
    }

    private static String evaluationLine(int step, double elapsed, DemoModelEvaluation evaluation) {
        return String.format(Locale.ROOT, "eval\t%d\t\t\t\t\t\t\t%.1f\t%.2f\t%.2f\t%.2f", step, elapsed,
                evaluation.meanAveragePrecision(), evaluation.pixelPointing(), evaluation.cellPointing());
    }

    private static String describe(ClipConfig clipConfig, PretrainModel model) {
        return clipConfig.vision().type() + " tower at " + clipConfig.vision().imageSize() + " px, embedDim "
                + clipConfig.embedDim() + ", " + model.parameterCount() + " parameters";
    }

    private static void writeLine(BufferedWriter log, String line) throws IOException {
        log.write(line);
        log.newLine();
        log.flush();
    }

    private static double round(double value, int digits) {
        double factor = Math.pow(10, digits);
        return Math.round(value * factor) / factor;
    }

    /** The fields of {@link #STATE_FILE} besides the tensors. */
    private record SavedState(int step, int totalSteps, double minutes, double trainingSeconds) {
    }

    /**
     * Writes the weights, heads and AdamW moments in float32 to {@code state-STEP.safetensors},
     * then points {@link #STATE_FILE} at it and deletes the previous one, so that a crash at any
     * moment leaves a complete state behind.
     */
    private void saveState(PretrainModel model, AdamWOptimizer optimizer, int step, int totalSteps, double minutes,
            double trainingSeconds) throws IOException {
        String weightsName = "state-" + step + ".safetensors";
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        try (NoGradient noGradient = NoGradient.enter();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            model.stateArrays().forEach((name, array) -> tensors.put(name,
                    SafetensorsWriter.Tensor.of(array)));
            optimizer.means().forEach((name, array) -> tensors.put(MEAN_PREFIX + name,
                    SafetensorsWriter.Tensor.of(array)));
            optimizer.variances().forEach((name, array) -> tensors.put(VARIANCE_PREFIX + name,
                    SafetensorsWriter.Tensor.of(array)));
        }
        SafetensorsWriter.write(out.resolve(weightsName), tensors);
        Path stateFile = out.resolve(STATE_FILE);
        String previous = Files.exists(stateFile) ? PretrainState.read(stateFile).weights() : null;
        PretrainState.write(stateFile, new PretrainState(weightsName, step, totalSteps, minutes, trainingSeconds, config.seed(),
                config.batchSize(), config.shape()));
        if (previous != null && !previous.equals(weightsName)) {
            Files.deleteIfExists(out.resolve(previous));
        }
    }

    private SavedState restore(PretrainState state, PretrainModel model, AdamWOptimizer optimizer,
            NDManager manager) {
        try (SafetensorsFile file =
                SafetensorsFile.open(out.resolve(state.weights()));
                NoGradient noGradient = NoGradient.enter()) {
            for (Map.Entry<String, NDArray> entry : model.stateArrays().entrySet()) {
                try (NDArray saved = file.toNDArray(manager, entry.getKey())) {
                    saved.copyTo(entry.getValue());
                }
            }
            for (String name : model.trainable().keySet()) {
                if (file.tensor(MEAN_PREFIX + name).isPresent()) {
                    NDArray mean = file.toNDArray(manager, MEAN_PREFIX + name);
                    NDArray variance = file.toNDArray(manager, VARIANCE_PREFIX + name);
                    optimizer.restore(name, mean, variance);
                }
            }
        }
        return new SavedState(state.step(), state.totalSteps(), state.minutes(), state.trainingSeconds());
    }

    /**
     * The prompt token ids of every template in {@link SceneGenerator#PROMPT_TEMPLATES}, one prompt
     * per category; step {@code s} trains with template {@code s mod templates}, so that every
     * wording learns to score the categories.
     */
    private record PromptTokens(List<ClipTokenizer.TokenBatch> byTemplate) {

        static PromptTokens encode(ClipTokenizer tokenizer) {
            List<ClipTokenizer.TokenBatch> batches = new ArrayList<>();
            for (String template : SceneGenerator.PROMPT_TEMPLATES) {
                List<String> prompts = new ArrayList<>();
                for (String name : SceneGenerator.categories()) {
                    prompts.add(SceneGenerator.prompt(template, name));
                }
                batches.add(tokenizer.encodeBatch(prompts, false));
            }
            return new PromptTokens(List.copyOf(batches));
        }

        ClipTokenizer.TokenBatch forStep(int step) {
            return byTemplate.get(step % byTemplate.size());
        }
    }
}
