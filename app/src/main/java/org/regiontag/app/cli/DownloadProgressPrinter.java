package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.models.DownloadListener;

/**
 * Shows download progress on standard error. On a terminal, one bar per file is redrawn in place
 * (bytes, rate, time left) at most ten times a second. Otherwise, such as in a log or CI, each
 * finished file gets one line.
 */
final class DownloadProgressPrinter implements DownloadListener {

    private static final MessageBundle TEXT = new MessageBundle("org.regiontag.app.cli.ModelGetCommand",
            DownloadProgressPrinter.class);
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier clock;
    private long startNanos;
    private long startBytes;
    private long lastDrawNanos;
    private long done;
    private int lastLineLength;

    DownloadProgressPrinter(PrintWriter err, boolean terminal) {
        this(err, terminal, System::nanoTime);
    }

    DownloadProgressPrinter(PrintWriter err, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
    }

    @Override
    public void fileStarted(String file, long size, long resumedFrom) {
        startNanos = clock.getAsLong();
        startBytes = resumedFrom;
        done = resumedFrom;
        lastDrawNanos = 0;
        if (resumedFrom > 0) {
            printLine(TEXT.format("progress.resuming", file, ByteSizes.format(resumedFrom), ByteSizes.format(size)));
        }
    }

    @Override
    public void progressed(String file, long bytesDone, long size) {
        done = bytesDone;
        if (!terminal) {
            return;
        }
        long now = clock.getAsLong();
        if (now - lastDrawNanos < REDRAW_NANOS && bytesDone < size) {
            return;
        }
        lastDrawNanos = now;
        draw(bar(file, bytesDone, size, now));
    }

    @Override
    public void restarted(String file) {
        startBytes = 0;
        startNanos = clock.getAsLong();
        printLine(TEXT.format("progress.restarted", file));
    }

    @Override
    public void retrying(String file, int attempt, int maxAttempts, String reason) {
        printLine(TEXT.format("progress.retrying", file, reason, attempt, maxAttempts));
    }

    @Override
    public void verifying(String file) {
        if (terminal) {
            draw(TEXT.format("progress.verifying", file));
        }
    }

    @Override
    public void fileFinished(String file, long size, boolean alreadyPresent) {
        if (alreadyPresent) {
            printLine(TEXT.format("progress.present", file, ByteSizes.format(size)));
            return;
        }
        double seconds = Math.max(1e-9, (clock.getAsLong() - startNanos) / 1e9);
        long received = done - startBytes;
        printLine(TEXT.format("progress.finished", file, ByteSizes.format(size), ByteSizes.format(received),
                String.format(Locale.ROOT, "%.1f", seconds), ByteSizes.format((long) (received / seconds))));
    }

    /** Returns a bar such as {@code model.safetensors [======>     ] 45% 270.1 MB/598.6 MB 12.3 MB/s 0:27 left}. */
    String bar(String file, long bytesDone, long size, long now) {
        double fraction = size > 0 ? Math.min(1.0, (double) bytesDone / size) : 1.0;
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(BAR_WIDTH - filled);

        double seconds = (now - startNanos) / 1e9;
        long received = bytesDone - startBytes;
        String rate = "-";
        String left = "-";
        if (seconds > 0.2 && received > 0) {
            double bytesPerSecond = received / seconds;
            rate = ByteSizes.format((long) bytesPerSecond) + "/s";
            left = duration(Duration.ofSeconds((long) Math.ceil((size - bytesDone) / bytesPerSecond)));
        }
        return TEXT.format("progress.bar", file, bar, String.format(Locale.ROOT, "%3d", (int) (fraction * 100)),
                ByteSizes.format(bytesDone), ByteSizes.format(size), rate, left);
    }

    private static String duration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** Redraws the current terminal line. */
    private void draw(String line) {
        int padding = Math.max(0, lastLineLength - line.length());
        err.print("\r" + line + " ".repeat(padding));
        err.flush();
        lastLineLength = line.length();
    }

    /** Prints a finished line, replacing a bar on a terminal. */
    private void printLine(String line) {
        if (terminal && lastLineLength > 0) {
            draw(line);
            err.println();
            lastLineLength = 0;
        } else {
            err.println(line);
        }
        err.flush();
    }
}
