package org.regiontag.db.io.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never half a file.
 * The content goes to a temporary file in the same folder, which is flushed to disk and then renamed
 * over the target.
 */
final class AtomicFiles {

    /** Writes a file's content to a stream, reading the project as it goes; the stream is closed by the caller. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException, SQLException;
    }

    private AtomicFiles() {
    }

    static void write(Path target, Content content) throws IOException, SQLException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            move(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same folder, so this happens only on unusual file systems; the rename is still a single step there.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
