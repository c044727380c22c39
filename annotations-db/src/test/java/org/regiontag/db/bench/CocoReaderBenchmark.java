package org.regiontag.db.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.coco.CocoReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times {@link CocoReader} on a file from {@link CocoFileGenerator}: one warm-up read, then
 * {@code RUNS} timed reads, and logs the wall-clock and CPU time of each, the cell counts and the
 * peak heap. The CPU time of the reading thread is less affected by other work on the machine,
 * but leaves out the garbage collector's threads.
 *
 * <p>The peak heap is the sum of the peak use of each heap pool since the start, an upper bound
 * of the true peak because the pools may peak at different times. Each timed read runs while the
 * previous result is still held, so run it with {@code RUNS} 0 and a small {@code -Xmx} to show
 * the heap that one read needs.
 *
 * <p>Usage: {@code CocoReaderBenchmark INSTANCES.json [RUNS]}
 */
public final class CocoReaderBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(CocoReaderBenchmark.class);

    private CocoReaderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: CocoReaderBenchmark INSTANCES.json [RUNS]");
        }
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path images = Files.createTempDirectory("coco-images");

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ParsedDataset dataset = null;
        for (int run = 0; run <= runs; run++) {
            dataset = null;
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            dataset = new CocoReader().read(file, images, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            LOG.info("{} {}: {} s wall, {} s CPU of the reading thread", run == 0 ? "warm-up" : "run", run,
                    String.format("%.2f", seconds), String.format("%.2f", cpuSeconds));
        }

        long positive = 0;
        long negative = 0;
        long unknownImages = 0;
        for (DatasetImage image : dataset.images()) {
            for (CellState state : image.cells().values()) {
                if (state == CellState.POSITIVE) {
                    positive++;
                } else {
                    negative++;
                }
            }
            if (image.cells().isEmpty()) {
                unknownImages++;
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        LOG.info("{} images, {} categories, {} positive and {} negative cells, {} all-unknown images",
                dataset.images().size(), dataset.categories().size(), positive, negative, unknownImages);
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        LOG.info("heap held by the last result after a full GC: {} MiB", (runtime.totalMemory() - runtime.freeMemory()) >> 20);
        LOG.info("peak heap (sum of pool peaks): {} MiB; max heap {} MiB", peak >> 20, runtime.maxMemory() >> 20);
        Files.delete(images);
    }
}
