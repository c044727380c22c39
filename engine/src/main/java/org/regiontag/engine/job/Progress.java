package org.regiontag.engine.job;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a running job, sent to its {@link ProgressListener}.
 *
 * @param phase a short name of the current phase, such as {@code extract} or {@code train}
 * @param done units finished in this phase (images, steps)
 * @param total units in this phase, or -1 when unknown
 * @param eta estimated time to the end of the phase, empty when not yet known
 * @param metrics current numbers worth showing, such as loss terms, by name
 */
public record Progress(String phase, long done, long total, Optional<Duration> eta, Map<String, Double> metrics) {

    public Progress {
        metrics = Map.copyOf(metrics);
    }

    /** The finished fraction in [0, 1], or -1 when the total is unknown. */
    public double fraction() {
        return total <= 0 ? -1 : Math.min(1.0, (double) done / total);
    }
}
