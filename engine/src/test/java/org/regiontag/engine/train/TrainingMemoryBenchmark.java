package org.regiontag.engine.train;

import ai.djl.Device;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.regiontag.engine.Djl;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.train.text.EmbeddingTextSide;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one long round on random cached-feature-sized inputs and samples the process's resident
 * memory, to show that memory stays flat over many steps. Not a unit test: run it by hand (see
 * docs/benchmarks.md, "Training rounds").
 *
 * <p>Arguments: steps (default 1000), categories (20), batch size (32), images (128), grid side
 * (14, as ViT-B/16 at 224 px; 7 is ViT-B/32). The embedding width is 512, CLIP ViT-B's.
 */
public final class TrainingMemoryBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingMemoryBenchmark.class);
    private static final int EMBED = 512;
    private static final int SAMPLE_EVERY = 50;

    private TrainingMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Djl.configureOffline();
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int categories = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int images = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        int grid = args.length > 4 ? Integer.parseInt(args[4]) : 14;

        Random random = new Random(1);
        float[] dense = gaussian(random, images * grid * grid * EMBED);
        float[] global = gaussian(random, images * EMBED);
        InMemoryFeatures features = new InMemoryFeatures(images, grid, grid, EMBED, dense, global);
        int[][] labels = new int[images][categories];
        float[][] teacher = new float[images][categories];
        for (int i = 0; i < images; i++) {
            for (int c = 0; c < categories; c++) {
                double draw = random.nextDouble();
                // About 3 % of the cells are known positives and 7 % known negatives.
                if (draw < 0.03) {
                    labels[i][c] = 1;
                } else if (draw < 0.1) {
                    labels[i][c] = -1;
                }
                teacher[i][c] = random.nextFloat();
            }
        }
        float[][] positive = new float[categories][];
        float[][] negative = new float[categories][];
        for (int c = 0; c < categories; c++) {
            positive[c] = gaussian(random, EMBED);
            negative[c] = gaussian(random, EMBED);
        }
        ModelSpec spec = new ModelSpec(positive, EmbeddingTextSide.factory(positive, negative));
        TrainingConfig config = TrainingConfig.builder().stepsPerRound(steps).warmupSteps(Math.min(20, steps / 10)).batchSize(batchSize)
                .build();
        RoundData data = new RoundData(features, LabelMatrix.of(labels), null, teacher);

        List<String> rows = new ArrayList<>();
        long[] lastSample = {System.nanoTime()};
        ProgressListener sampler = progress -> {
            if (progress.done() == 1 || progress.done() % SAMPLE_EVERY == 0) {
                long now = System.nanoTime();
                Runtime runtime = Runtime.getRuntime();
                String row = String.format("| %d | %d | %d | %.3f |", progress.done(), residentMegabytes(),
                        (runtime.totalMemory() - runtime.freeMemory()) >> 20,
                        progress.done() == 1 ? Double.NaN : (now - lastSample[0]) / 1e9 / SAMPLE_EVERY);
                lastSample[0] = now;
                rows.add(row);
                LOG.info("{}", row);
            }
        };
        long started = System.nanoTime();
        new RoundTrainer(config, Device.cpu()).train(spec, TensorState.empty(), null, data, sampler,
                new CancellationToken());
        double seconds = (System.nanoTime() - started) / 1e9;

        LOG.info("{} steps, {} categories, batch {}, grid {}x{}: {} s, {} s per step", steps, categories, batchSize,
                grid, grid, String.format("%.1f", seconds), String.format("%.3f", seconds / steps));
        LOG.info("| step | RSS MiB | heap used MiB | s per step (last {}) |\n{}", SAMPLE_EVERY, String.join("\n", rows));
    }

    private static long residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read /proc/self/status", e);
        }
        return -1;
    }

    private static float[] gaussian(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
