package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.regiontag.engine.job.Progress;
import org.regiontag.engine.job.ProgressListener;

/**
 * Shows a job's progress on standard error. On a terminal, one line per phase is redrawn in place
 * at most ten times a second: phase, done and total, estimated time left and the job's metrics
 * (such as the loss terms). Elsewhere, such as in a log or CI, each phase gets one line when it
 * finishes.
 */
final class JobProgressPrinter implements ProgressListener {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier clock;
    private String phase;
    private long lastDraw;
    private int lastLength;

    JobProgressPrinter(PrintWriter err, boolean terminal) {
        this(err, terminal, System::nanoTime);
    }

    JobProgressPrinter(PrintWriter err, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** A printer for the process's terminal: in-place lines when standard error is one. */
    static JobProgressPrinter on(PrintWriter err) {
        return new JobProgressPrinter(err, System.console() != null);
    }

    @Override
    public void onProgress(Progress progress) {
        boolean newPhase = !progress.phase().equals(phase);
        if (newPhase && phase != null && terminal) {
            err.println();
            lastLength = 0;
        }
        phase = progress.phase();
        boolean finished = progress.total() > 0 && progress.done() >= progress.total();
        if (!terminal) {
            if (finished) {
                err.println(line(progress));
                err.flush();
            }
            return;
        }
        long now = clock.getAsLong();
        if (!newPhase && !finished && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = line(progress);
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
        err.flush();
    }

    /** Ends the current line, so that the command's own output starts on a fresh one. */
    void finish() {
        if (terminal && phase != null) {
            err.println();
            err.flush();
            phase = null;
        }
    }

    static String line(Progress progress) {
        StringBuilder line = new StringBuilder(progress.phase()).append(": ");
        line.append(progress.done());
        if (progress.total() > 0) {
            line.append('/').append(progress.total());
        }
        progress.eta().filter(eta -> progress.done() < progress.total())
                .ifPresent(eta -> line.append(", ").append(CliMessages.format("progress.left", duration(eta))));
        for (Map.Entry<String, Double> metric : progress.metrics().entrySet()) {
            line.append(", ").append(metric.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.4g", metric.getValue()));
        }
        return line.toString();
    }

    /** h:mm:ss, or m:ss under an hour. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
