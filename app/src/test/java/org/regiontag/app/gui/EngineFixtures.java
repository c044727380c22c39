package org.regiontag.app.gui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.regiontag.app.services.DefaultEngineJobs;
import org.regiontag.app.services.ProjectBackbones;
import org.regiontag.db.Project;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.features.FeatureEntry;
import org.regiontag.engine.features.FeatureShape;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.pipeline.ExtractFeatures;
import org.regiontag.engine.pipeline.Suggest;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ProjectSettings;
import org.regiontag.engine.train.TrainingConfig;

/**
 * The real engine on a test project: a tiny CLIP checkpoint with random weights (24 px input, written
 * by the engine's test helper), the real extraction and zero-shot suggestions, and fine-tuning
 * rounds short enough for a unit test.
 */
public final class EngineFixtures {

    /** Seed of the random checkpoint; fixed so that every run extracts the same features. */
    public static final long CHECKPOINT_SEED = 5;
    /** Steps of a test round: enough to train and write a new model version in a few seconds on a CPU. */
    public static final int ROUND_STEPS = 3;

    private EngineFixtures() {
    }

    /** Writes the tiny checkpoint into {@code temp/tiny-clip} and returns the folder. */
    public static Path writeCheckpoint(Path temp) throws IOException {
        return TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), CHECKPOINT_SEED);
    }

    /**
     * Makes {@code checkpoint} the project's backbone on the CPU, extracts the features of every
     * image and stores the zero-shot suggestions (model version 1), as `regiontag extract` does.
     */
    public static void extract(Project project, Path checkpoint) throws Exception {
        BackboneSettings settings = BackboneSettings.defaults().withModel(checkpoint.toString()).withDevice("cpu");
        ProjectSettings.write(project.database(), settings);
        try (Backbone backbone = ProjectBackbones.forUser().open(settings)) {
            new ExtractFeatures(project, backbone, 1).run(ProgressListener.NONE, new CancellationToken());
            new Suggest(project, backbone).run(ProgressListener.NONE, new CancellationToken());
        }
    }

    /** Creates the engine's jobs with {@value #ROUND_STEPS}-step rounds on batches of 8 images. */
    public static DefaultEngineJobs engineJobs() {
        return engineJobs(ROUND_STEPS);
    }

    /** Creates the engine's jobs with rounds of {@code steps} steps on batches of 8 images, without warm-up. */
    public static DefaultEngineJobs engineJobs(int steps) {
        TrainingConfig config = TrainingConfig.defaults().toBuilder().stepsPerRound(steps).warmupSteps(0)
                .batchSize(8).build();
        return new DefaultEngineJobs(ProjectBackbones.forUser(), config);
    }

    /**
     * Overwrites one image's cached dense features so that the category's text-pixel map is +1 on
     * the left half and -1 on the right. Every location of the left half points along the
     * category's prompt embedding, and the right half the opposite way. A middle column of an odd
     * width counts as left, and the global embedding stays as extracted.
     */
    public static void paintLeftRight(Project project, long imageId, Category category) throws IOException {
        ImageRecord image = project.database().read(connection -> new ImageRepository(connection)
                .findImageById(imageId)).orElseThrow();
        try (Backbone backbone = ProjectBackbones.forUser().open(ProjectSettings.read(project.database()))) {
            float[] prompt = backbone.promptEmbeddings(List.of(category.promptName()))[0];
            FeatureCache cache = backbone.openCache(project.featuresFolder());
            FeatureShape shape = cache.shape();
            FeatureEntry entry = cache.read(image.sha256());

            float[] dense = new float[shape.height() * shape.width() * shape.embedDim()];
            for (int row = 0; row < shape.height(); row++) {
                for (int column = 0; column < shape.width(); column++) {
                    float sign = 2 * column < shape.width() ? 1f : -1f;
                    int offset = (row * shape.width() + column) * shape.embedDim();
                    for (int d = 0; d < shape.embedDim(); d++) {
                        dense[offset + d] = sign * prompt[d];
                    }
                }
            }
            cache.put(image.sha256(), entry.global(), dense);
        }
    }
}
