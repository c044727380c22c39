package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.util.List;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.io.ProgressReporter;

/** Helpers that the store's commands share: the acting user, progress on a terminal, lists in summaries. */
final class CommandSupport {

    /** Entries of a list (missing images, skipped paths) printed in a summary at most. */
    static final int MAX_LISTED = 10;

    private CommandSupport() {
    }

    /** Returns the user a command acts as (the login name), recorded with every label it writes. */
    static String actor() {
        return System.getProperty("user.name", "unknown");
    }

    /**
     * Progress lines on standard error, overwritten in place, only when the program runs in a
     * terminal; scripts and tests get none.
     */
    static ProgressReporter progressOn(PrintWriter err, MessageBundle messages) {
        if (System.console() == null) {
            return ProgressReporter.NONE;
        }
        return new ProgressReporter() {
            private long lastPrint;

            @Override
            public void report(String phase, long done, long total) {
                long now = System.nanoTime();
                if (done < total && now - lastPrint < 100_000_000L) {
                    return;
                }
                lastPrint = now;
                err.print("\r" + messages.format("progress", phase, done, total) + (done >= total ? "\n" : ""));
                err.flush();
            }
        };
    }

    /** Prints up to {@link #MAX_LISTED} lines, then how many more there are. */
    static <T> void printList(PrintWriter out, MessageBundle messages, List<T> items,
            java.util.function.Function<T, String> line) {
        for (int i = 0; i < Math.min(MAX_LISTED, items.size()); i++) {
            out.println("    " + line.apply(items.get(i)));
        }
        if (items.size() > MAX_LISTED) {
            out.println("    " + messages.format("more", items.size() - MAX_LISTED));
        }
    }
}
