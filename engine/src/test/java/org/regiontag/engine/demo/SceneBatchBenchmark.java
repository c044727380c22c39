package org.regiontag.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.io.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times {@link SceneGenerator#renderBatch} for the numbers in {@code docs/benchmarks.md}. Its
 * name does not end in {@code Test}, so Surefire runs it only when asked:
 * {@code mvn -q -pl engine -am test -Dtest=SceneBatchBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Besides wall time it logs the process CPU time per batch (all threads, JIT and GC included),
 * which other load on a shared machine affects far less.
 */
class SceneBatchBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(SceneBatchBenchmark.class);
    private static final int BATCH = 128;
    private static final int WARM_UP_BATCHES = 30;
    private static final int TIMED_BATCHES = 50;
    private static final int SIZE_SAMPLE = 100;

    @TempDir
    Path temp;

    @Test
    void timeBatches() {
        SceneGenerator generator = new SceneGenerator();
        LOG.info("{} processors, fork-join parallelism {}", Runtime.getRuntime().availableProcessors(),
                ForkJoinPool.getCommonPoolParallelism());

        for (int size : new int[] {64, 224}) {
            long index = 0;
            for (int i = 0; i < WARM_UP_BATCHES; i++) {
                generator.renderBatch(1, index, BATCH, size);
                index += BATCH;
            }
            double[] millis = new double[TIMED_BATCHES];
            long cpuStart = processCpuNanos();
            for (int i = 0; i < TIMED_BATCHES; i++) {
                long start = System.nanoTime();
                SceneBatch batch = generator.renderBatch(1, index, BATCH, size);
                millis[i] = (System.nanoTime() - start) / 1e6;
                index += BATCH;
                assertThat(batch.count()).isEqualTo(BATCH);
            }
            double cpuMillisPerBatch = (processCpuNanos() - cpuStart) / 1e6 / TIMED_BATCHES;
            Arrays.sort(millis);
            LOG.info("renderBatch of {} scenes at {} px: wall median {} ms, 90th percentile {} ms, min {} ms;"
                    + " process CPU {} ms per batch; load average {}", BATCH, size,
                    String.format("%.1f", millis[TIMED_BATCHES / 2]),
                    String.format("%.1f", millis[TIMED_BATCHES * 9 / 10]), String.format("%.1f", millis[0]),
                    String.format("%.1f", cpuMillisPerBatch),
                    String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        }
    }

    @Test
    void measureFileSizes() throws IOException {
        SceneGenerator generator = new SceneGenerator();
        for (int size : new int[] {224, 256}) {
            Path dir = temp.resolve("demo-" + size);
            DemoDataset.write(dir, 0, SIZE_SAMPLE, 9, size);
            long jpegBytes;
            try (Stream<Path> files = Files.walk(dir.resolve(Split.TEST.storeName()))) {
                jpegBytes = files.filter(Files::isRegularFile).mapToLong(SceneBatchBenchmark::fileSize).sum();
            }

            long pngBytes = 0;
            for (int i = 0; i < SIZE_SAMPLE; i++) {
                Scene scene = generator.generate(9, DemoDataset.sceneIndex(Split.TEST, i));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(generator.render(scene, size), "png", out);
                pngBytes += out.size();
            }
            LOG.info("{} demo images at {} px: JPEG {} KB per image, PNG {} KB per image", SIZE_SAMPLE, size,
                    String.format("%.1f", jpegBytes / 1024.0 / SIZE_SAMPLE),
                    String.format("%.1f", pngBytes / 1024.0 / SIZE_SAMPLE));
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
