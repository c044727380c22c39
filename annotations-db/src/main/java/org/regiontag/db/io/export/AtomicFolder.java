package org.regiontag.db.io.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes several files at once, each to a temporary file beside its target; {@link #commit()}
 * flushes them to disk and renames each over its target, {@link #close()} without a commit deletes
 * them. A reader never sees half a file; after a failed commit some targets may already be new.
 */
final class AtomicFolder implements AutoCloseable {

    private record Pending(Path target, Path temporary, FileChannel channel, BufferedWriter writer) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private boolean committed;

    /** Opens a UTF-8 writer whose content becomes {@code target} on commit. */
    BufferedWriter open(Path target) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
        BufferedWriter writer = new BufferedWriter(
                new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 14);
        pending.add(new Pending(target, temporary, channel, writer));
        return writer;
    }

    void commit() throws IOException {
        for (Pending file : pending) {
            file.writer().flush();
            file.channel().force(true);
            file.writer().close();
        }
        for (Pending file : pending) {
            try {
                Files.move(file.temporary(), file.target(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(file.temporary(), file.target(), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        IOException failure = null;
        for (Pending file : pending) {
            try {
                file.writer().close();
                Files.deleteIfExists(file.temporary());
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
