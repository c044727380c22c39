package org.regiontag.engine.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.regiontag.db.Project;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.demo.DemoDataset;
import org.regiontag.engine.demo.SceneGenerator;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.models.ModelCache;
import org.regiontag.engine.models.ModelLocator;
import org.regiontag.engine.pipeline.ExtractFeatures;
import org.regiontag.engine.pipeline.ExtractionResult;
import org.regiontag.engine.pipeline.FineTune;
import org.regiontag.engine.pipeline.FineTuneResult;
import org.regiontag.engine.pipeline.Suggest;
import org.regiontag.engine.pipeline.SuggestResult;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.train.TrainingConfig;

/**
 * The engine's real jobs ({@link ExtractFeatures}, {@link Suggest}, {@link FineTune}) on a project of
 * generated scenes with a tiny random CLIP checkpoint, as the crash harness and the concurrency test
 * run them beside an annotator.
 *
 * <p>The inputs folder contains {@code scenes/} (the demo generator's JPEG files and labels) and
 * {@code tiny-clip/} (a ViT of 24 px with embedDim 16, written by {@link TestCheckpoints}). It is
 * written once and only read afterwards, so a killed process cannot damage it.
 */
final class EngineJobs implements AutoCloseable {

    /** Scenes: 64 images of 12 categories, 768 cells, enough for a minute of distinct edits at 10 a second. */
    static final int SCENE_TRAIN = 48;
    static final int SCENE_TEST = 16;
    /** Scene side in pixels: small, because the checkpoint resizes every image to 24 px anyway. */
    static final int SCENE_SIZE = 48;
    static final long SCENE_SEED = 11;

    private final Project project;
    private final Backbone backbone;
    private final TrainingConfig round;

    private EngineJobs(Project project, Backbone backbone, TrainingConfig round) {
        this.project = project;
        this.backbone = backbone;
        this.round = round;
    }

    /** Writes the scenes and the checkpoint into {@code inputs} (absent or empty). */
    static void writeInputs(Path inputs) throws IOException {
        Files.createDirectories(inputs);
        DemoDataset.write(inputs.resolve("scenes"), SCENE_TRAIN, SCENE_TEST, SCENE_SEED, SCENE_SIZE);
        TestCheckpoints.writeRandom(inputs.resolve("tiny-clip"), 3);
    }

    /** Describes the scenes of {@code inputs} as an import reads them, with every cell known. */
    static ParsedDataset scenes(Path inputs) {
        return DemoDataset.describe(inputs.resolve("scenes"), SCENE_TRAIN, SCENE_TEST, SCENE_SEED, SCENE_SIZE,
                new SceneGenerator());
    }

    /**
     * Opens the checkpoint of {@code inputs} as the project's backbone on the CPU.
     *
     * @param steps training steps per round; each takes a few milliseconds with this checkpoint
     */
    static EngineJobs open(Project project, Path inputs, int steps) {
        Path checkpoint = inputs.resolve("tiny-clip").toAbsolutePath();
        BackboneSettings settings = BackboneSettings.defaults().withModel(checkpoint.toString()).withDevice("cpu");
        // Nothing is downloaded, but the locator needs a cache folder to look in.
        ModelLocator locator = new ModelLocator(new ModelCache(inputs.resolve("model-cache")),
                EngineJobs.class.getClassLoader());
        TrainingConfig round = TrainingConfig.builder().stepsPerRound(steps).warmupSteps(1).batchSize(8)
                .queueSize(64).contextLength(4).build();
        return new EngineJobs(project, Backbone.open(settings, locator), round);
    }

    ExtractionResult extract() throws IOException {
        return new ExtractFeatures(project, backbone, 1).run(ProgressListener.NONE, new CancellationToken());
    }

    SuggestResult suggest() {
        return new Suggest(project, backbone).run(ProgressListener.NONE, new CancellationToken());
    }

    FineTuneResult train() throws Exception {
        return new FineTune(project, backbone, round).run(ProgressListener.NONE, new CancellationToken());
    }

    @Override
    public void close() {
        backbone.close();
    }
}
