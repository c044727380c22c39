package org.regiontag.app.gui.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Watches the FX thread while a scripted session runs: every 5 ms a probe is posted with
 * {@link Platform#runLater} and the delay until it runs is recorded (how long the FX thread was
 * busy with other work), and an animation timer records the interval between pulses (frames).
 */
final class FxWatchdog implements AutoCloseable {

    private static final long PROBE_INTERVAL_MS = 5;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "fx-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Double> probeDelaysMs = Collections.synchronizedList(new ArrayList<>());
    private final List<Double> frameIntervalsMs = Collections.synchronizedList(new ArrayList<>());
    private final AnimationTimer frames = new AnimationTimer() {
        private long last;

        @Override
        public void handle(long now) {
            if (last != 0) {
                frameIntervalsMs.add((now - last) / 1e6);
            }
            last = now;
        }
    };

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean system =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private volatile long fxThreadId = -1;
    private volatile long fxCpuStart;
    private volatile long fxCpuEnd = -1;
    private long processCpuStart;
    private long processCpuEnd = -1;
    private long wallStart;
    private long wallEnd;

    void start() {
        wallStart = System.nanoTime();
        processCpuStart = system.getProcessCpuTime();
        Platform.runLater(() -> {
            fxThreadId = Thread.currentThread().getId();
            fxCpuStart = threads.getThreadCpuTime(fxThreadId);
        });
        Platform.runLater(frames::start);
        scheduler.scheduleAtFixedRate(() -> {
            long posted = System.nanoTime();
            Platform.runLater(() -> probeDelaysMs.add((System.nanoTime() - posted) / 1e6));
        }, 0, PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** Stops watching; the numbers stay readable, and a second call changes nothing. */
    @Override
    public void close() {
        if (processCpuEnd >= 0) {
            return;
        }
        scheduler.shutdownNow();
        wallEnd = System.nanoTime();
        processCpuEnd = system.getProcessCpuTime();
        if (fxThreadId >= 0) {
            fxCpuEnd = threads.getThreadCpuTime(fxThreadId);
        }
        Platform.runLater(frames::stop);
    }

    /** Returns the FX thread's CPU time while watching, in seconds, or NaN when it was not measured. */
    double fxCpuSeconds() {
        return fxCpuEnd < 0 ? Double.NaN : (fxCpuEnd - fxCpuStart) / 1e9;
    }

    /**
     * Describes the CPU time used while watching: the FX thread's and the whole process's, against
     * the wall time. On a loaded machine the wall time grows and the CPU times stay, so the FX
     * thread's share shows how much of a stall was this program's own work.
     */
    String cpuTimes() {
        return String.format(java.util.Locale.ROOT, "wall %.1f s, FX thread CPU %.1f s, process CPU %.1f s",
                (wallEnd - wallStart) / 1e9, fxCpuEnd < 0 ? Double.NaN : (fxCpuEnd - fxCpuStart) / 1e9,
                (processCpuEnd - processCpuStart) / 1e9);
    }

    Stats probeDelays() {
        return Stats.of(probeDelaysMs);
    }

    Stats frameIntervals() {
        return Stats.of(frameIntervalsMs);
    }

    /** Summary of a list of durations in milliseconds. */
    record Stats(int count, double median, double p95, double p99, double max) {

        static Stats of(List<Double> values) {
            List<Double> sorted;
            synchronized (values) {
                sorted = new ArrayList<>(values);
            }
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return new Stats(0, 0, 0, 0, 0);
            }
            return new Stats(sorted.size(), percentile(sorted, 0.5), percentile(sorted, 0.95),
                    percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
        }

        private static double percentile(List<Double> sorted, double q) {
            int index = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
            return sorted.get(Math.max(0, index));
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "n=%d median %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
                    count, median, p95, p99, max);
        }
    }
}
