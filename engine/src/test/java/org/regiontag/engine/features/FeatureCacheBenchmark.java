package org.regiontag.engine.features;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.regiontag.engine.Djl;
import org.regiontag.engine.features.PreprocessingKey.ResizeMode;

/**
 * Measures the feature cache with ViT-B/16-sized entries (global 512, dense 14 x 14 x 512) for
 * 1,000 images: write (from float[] and from NDArrays), memory-mapped read (widened to float[] in Java), batch assembly, and
 * NDArray creation through the engine. Reads run right after the writes, so the page cache is warm.
 *
 * <p>Run from the repository root (see docs/benchmarks.md for the exact commands):
 * {@code java ... org.regiontag.engine.features.FeatureCacheBenchmark [FOLDER] [ROUNDS]}.
 */
public final class FeatureCacheBenchmark {

    private static final FeatureShape VIT_B16 = new FeatureShape(512, 14, 14);
    private static final int IMAGES = 1000;
    private static final int BATCH = 32;

    private FeatureCacheBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Djl.configureOffline();
        Path root = Path.of(args.length > 0 ? args[0] : "engine/target/feature-cache-bench");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;

        float[][] globals = new float[16][];
        float[][] denses = new float[16][];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < globals.length; i++) {
            globals[i] = gaussian(random, VIT_B16.embedDim());
            denses[i] = gaussian(random, VIT_B16.denseLength());
        }
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            shas.add(HexFormat.of().formatHex(bytes));
        }

        double[] write = new double[rounds];
        double[] writeArray = new double[rounds];
        double[] read = new double[rounds];
        double[] batch = new double[rounds];
        double[] ndarray = new double[rounds];
        double[] contains = new double[rounds];
        long entryBytes = 0;
        long folderBytes = 0;
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            for (int round = 0; round < rounds; round++) {
                deleteTree(root);
                FeatureKey key = new FeatureKey("benchmark-vit-b16", PreprocessingKey.clip(ResizeMode.CROP, 224));
                FeatureCache cache = FeatureCache.open(root, key, "benchmark", VIT_B16);

                long start = System.nanoTime();
                for (int i = 0; i < IMAGES; i++) {
                    cache.put(shas.get(i), globals[i % globals.length], denses[i % denses.length]);
                }
                write[round] = perSecond(start);

                start = System.nanoTime();
                for (int i = 0; i < IMAGES; i++) {
                    try (NDManager step = manager.newSubManager()) {
                        NDArray global = step.create(globals[i % globals.length]);
                        NDArray dense = step.create(denses[i % denses.length], new Shape(14, 14, 512));
                        cache.put(shas.get(i), global, dense);
                    }
                }
                writeArray[round] = perSecond(start);

                start = System.nanoTime();
                int present = 0;
                for (String sha : shas) {
                    present += cache.contains(sha) ? 1 : 0;
                }
                contains[round] = perSecond(start);
                if (present != IMAGES) {
                    throw new IllegalStateException("only " + present + " entries found");
                }

                start = System.nanoTime();
                double checksum = 0;
                for (String sha : shas) {
                    FeatureEntry entry = cache.read(sha);
                    checksum += entry.global()[0] + entry.dense()[VIT_B16.denseLength() - 1];
                }
                read[round] = perSecond(start);

                start = System.nanoTime();
                for (int i = 0; i < IMAGES; i += BATCH) {
                    try (NDManager step = manager.newSubManager();
                            FeatureBatch features = cache.readBatch(shas.subList(i, Math.min(IMAGES, i + BATCH)), step)) {
                        checksum += features.dense().getFloat(0, 0, 0, 0);
                    }
                }
                batch[round] = perSecond(start);

                start = System.nanoTime();
                for (String sha : shas) {
                    try (NDManager step = manager.newSubManager()) {
                        NDArray dense = cache.read(sha).denseArray(step);
                        checksum += dense.getFloat(0, 0, 0);
                    }
                }
                ndarray[round] = perSecond(start);

                entryBytes = Files.size(cache.entryFile(shas.get(0)));
                folderBytes = folderBytes(cache.folder());
                System.out.printf(Locale.ROOT, "round %d: write %.0f/s, write from NDArray %.0f/s, contains %.0f/s, read %.0f/s, batch %.0f/s,"
                        + " ndarray %.0f/s (checksum %.3f)%n", round + 1, write[round], writeArray[round], contains[round], read[round],
                        batch[round], ndarray[round], checksum);
            }
        }
        deleteTree(root);

        double megabytes = entryBytes / 1e6;
        System.out.printf(Locale.ROOT, "%nmedians over %d rounds, %d entries of %d bytes (%.1f MB for %d images on disk)%n",
                rounds, IMAGES, entryBytes, folderBytes / 1e6, IMAGES);
        System.out.printf(Locale.ROOT, "| write (put from float[]) | %.0f entries/s | %.0f MB/s |%n", median(write),
                median(write) * megabytes);
        System.out.printf(Locale.ROOT, "| write (put from float32 NDArray, CPU) | %.0f entries/s | %.0f MB/s |%n",
                median(writeArray), median(writeArray) * megabytes);
        System.out.printf(Locale.ROOT, "| mapped read, widened to float[] | %.0f entries/s | %.0f MB/s |%n", median(read),
                median(read) * megabytes);
        System.out.printf(Locale.ROOT, "| readBatch to stacked float32 NDArrays, %d per batch (CPU) | %.0f entries/s | %.0f MB/s |%n", BATCH,
                median(batch), median(batch) * megabytes);
        System.out.printf(Locale.ROOT, "| mapped read to float32 NDArray (CPU) | %.0f entries/s | %.0f MB/s |%n",
                median(ndarray), median(ndarray) * megabytes);
        System.out.printf(Locale.ROOT, "| contains | %.0f lookups/s | |%n", median(contains));
    }

    private static double perSecond(long startNanos) {
        return IMAGES / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static float[] gaussian(SplittableRandom random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.05);
        }
        return values;
    }

    private static long folderBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
