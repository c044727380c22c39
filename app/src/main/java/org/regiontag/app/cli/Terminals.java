package org.regiontag.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells whether output goes to a person at a terminal, which decides between a live progress bar and plain lines. */
final class Terminals {

    private Terminals() {
    }

    /**
     * Returns whether standard error is a terminal, read from {@code /proc/self/fd/2} on Linux.
     * Elsewhere Java only reports whether standard input and output are a terminal
     * ({@code System.console()}), which serves as the best guess there.
     */
    static boolean isStandardErrorTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.exists(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
