package org.regiontag.engine.demo.pretrain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.regiontag.engine.clip.ClipTokenizer;
import org.regiontag.engine.clip.image.PreprocessConfig;
import org.regiontag.engine.demo.SceneBatch;
import org.regiontag.engine.demo.SceneGenerator;

/**
 * Prepares the training batches of pretraining on a thread of its own, one step ahead, so that
 * scene generation overlaps with the training step: step {@code s} gets scenes
 * {@code (seed, s·batchSize + i)}, normalised pixels, labels, patch targets, caption tokens and
 * caption targets, all as plain arrays.
 */
final class SceneFeeder implements AutoCloseable {

    private final SceneGenerator generator;
    private final long seed;
    private final int batchSize;
    private final int imageSize;
    private final PreprocessConfig normalisation;
    private final ClipTokenizer tokenizer;
    private final ExecutorService executor;
    private final Map<Integer, Future<StepBatch>> pending = new HashMap<>();

    /**
     * The inputs of one step.
     *
     * @param pixels {@code (batch, 3, size, size)}, normalised with CLIP's mean and standard deviation
     * @param labels {@code (batch, categories)} of 0 and 1
     * @param patchTargets {@code (batch, grid, grid, categories)}: {@code min(1, 2·coverage)}
     * @param captions the caption tokens, padded with end-of-text to the longest
     * @param captionTargets {@code (batch, batch)}: row {@code i} has {@code 1/n} at the {@code n}
     *     images whose caption equals image {@code i}'s
     * @param grid cells per side of the patch targets
     * @param categories categories per image
     */
    record StepBatch(float[] pixels, float[] labels, float[] patchTargets, ClipTokenizer.TokenBatch captions,
            float[] captionTargets, int grid, int categories) {
    }

    SceneFeeder(SceneGenerator generator, long seed, int batchSize, int imageSize, PreprocessConfig normalisation,
            ClipTokenizer tokenizer) {
        this.generator = generator;
        this.seed = seed;
        this.batchSize = batchSize;
        this.imageSize = imageSize;
        this.normalisation = normalisation;
        this.tokenizer = tokenizer;
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "regiontag-scene-feeder");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Returns the batch of step {@code step} (0-based) and starts preparing the next one. */
    StepBatch take(int step) throws InterruptedException {
        Future<StepBatch> future = pending.remove(step);
        if (future == null) {
            future = executor.submit(() -> prepare(step));
        }
        pending.put(step + 1, executor.submit(() -> prepare(step + 1)));
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("preparing the scenes of step " + step + " failed", cause);
        }
    }

    private StepBatch prepare(int step) {
        SceneBatch scenes = generator.renderBatch(seed, (long) step * batchSize, batchSize, imageSize);
        int categories = scenes.categoryCount();
        int grid = scenes.gridSize();
        return new StepBatch(normalise(scenes.images()), scenes.labels(),
                patchTargets(scenes.coverage(), categories, grid), tokenizer.encodeBatch(scenes.captions(), false),
                captionTargets(scenes.captions()), grid, categories);
    }

    /** Applies CLIP's normalisation in place to images in [0, 1], channel by channel. */
    private float[] normalise(float[] images) {
        float[] mean = normalisation.mean();
        float[] std = normalisation.std();
        int plane = imageSize * imageSize;
        for (int start = 0; start < images.length; start += plane) {
            int channel = (start / plane) % 3;
            for (int i = start; i < start + plane; i++) {
                images[i] = (images[i] - mean[channel]) / std[channel];
            }
        }
        return images;
    }

    /** Turns coverage {@code (batch, categories, grid, grid)} into targets {@code (batch, grid, grid, categories)}. */
    private float[] patchTargets(float[] coverage, int categories, int grid) {
        int cells = grid * grid;
        float[] targets = new float[coverage.length];
        for (int image = 0; image < batchSize; image++) {
            for (int c = 0; c < categories; c++) {
                for (int cell = 0; cell < cells; cell++) {
                    float value = coverage[(image * categories + c) * cells + cell];
                    // A cell that an object covers by half or more counts fully; smaller shares count in proportion.
                    targets[(image * cells + cell) * categories + c] = Math.min(1f, 2 * value);
                }
            }
        }
        return targets;
    }

    private static float[] captionTargets(List<String> captions) {
        int batch = captions.size();
        float[] targets = new float[batch * batch];
        for (int i = 0; i < batch; i++) {
            int same = 0;
            for (int j = 0; j < batch; j++) {
                same += captions.get(i).equals(captions.get(j)) ? 1 : 0;
            }
            for (int j = 0; j < batch; j++) {
                if (captions.get(i).equals(captions.get(j))) {
                    targets[i * batch + j] = 1f / same;
                }
            }
        }
        return targets;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
