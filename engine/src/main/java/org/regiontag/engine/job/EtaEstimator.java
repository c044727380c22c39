package org.regiontag.engine.job;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link Progress} snapshots with an estimated time to completion, from the mean rate since
 * the phase started (steady enough for batches of equal size).
 */
public final class EtaEstimator {

    private final String phase;
    private final long total;
    private final long startNanos;

    public EtaEstimator(String phase, long total) {
        this.phase = phase;
        this.total = total;
        this.startNanos = System.nanoTime();
    }

    public Progress progress(long done, Map<String, Double> metrics) {
        Optional<Duration> eta = Optional.empty();
        long elapsed = System.nanoTime() - startNanos;
        if (done > 0 && total > 0) {
            long remainingNanos = (long) ((double) elapsed / done * (total - done));
            eta = Optional.of(Duration.ofNanos(Math.max(0, remainingNanos)));
        }
        return new Progress(phase, done, total, eta, metrics);
    }

    public Progress progress(long done) {
        return progress(done, Map.of());
    }
}
