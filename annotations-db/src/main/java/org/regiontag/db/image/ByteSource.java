package org.regiontag.db.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.Checksum;

/**
 * Sequential reader over an open file that passes every byte it reads from the file to an optional
 * digest, so that header parsing and content hashing share one read. Positional reads (TIFF keeps
 * its directories anywhere in the file) neither move the sequential position nor touch the digest.
 *
 * <p>Not thread-safe; one instance serves one parse.
 */
final class ByteSource {

    private static final int BUFFER_SIZE = 1 << 16;

    private final FileChannel channel;
    private final MessageDigest digest;
    private final long size;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final ByteBuffer window = ByteBuffer.wrap(buffer);
    /** File offset of {@code buffer[0]}. */
    private long bufferStart;
    private int pos;
    private int limit;

    /**
     * @param channel a file opened for reading, positioned at its start
     * @param digest receives every byte of the file once, or {@code null} when nothing is hashed
     */
    ByteSource(FileChannel channel, MessageDigest digest) throws IOException {
        this.channel = channel;
        this.digest = digest;
        this.size = channel.size();
    }

    /** The file's length in bytes. */
    long size() {
        return size;
    }

    /** Offset in the file of the next byte that {@link #read()} returns. */
    long position() {
        return bufferStart + pos;
    }

    /** Reads one byte, or returns -1 at the end of the file. */
    int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos++] & 0xFF;
    }

    int readUnsignedByte() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    int readUnsignedShortBigEndian() throws IOException {
        return readUnsignedByte() << 8 | readUnsignedByte();
    }

    int readUnsignedShortLittleEndian() throws IOException {
        return readUnsignedByte() | readUnsignedByte() << 8;
    }

    long readUnsignedIntBigEndian() throws IOException {
        return (long) readUnsignedShortBigEndian() << 16 | readUnsignedShortBigEndian();
    }

    long readUnsignedIntLittleEndian() throws IOException {
        return readUnsignedShortLittleEndian() | (long) readUnsignedShortLittleEndian() << 16;
    }

    /** Reads exactly {@code length} bytes or throws {@link EOFException}. */
    void readFully(byte[] target, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (pos == limit && !fill()) {
                throw new EOFException();
            }
            int n = Math.min(length - done, limit - pos);
            System.arraycopy(buffer, pos, target, offset + done, n);
            pos += n;
            done += n;
        }
    }

    byte[] readFully(int length) throws IOException {
        byte[] bytes = new byte[length];
        readFully(bytes, 0, length);
        return bytes;
    }

    /** Skips {@code count} bytes or throws {@link EOFException}, leaving the position at the end of the file. */
    void skip(long count) throws IOException {
        skip(count, null);
    }

    /**
     * Skips {@code count} bytes, passing them to {@code checksum} when it is not {@code null}. Without
     * a digest or checksum to feed, the skip seeks instead of reading.
     */
    void skip(long count, Checksum checksum) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            if (pos < limit) {
                int n = (int) Math.min(remaining, limit - pos);
                if (checksum != null) {
                    checksum.update(buffer, pos, n);
                }
                pos += n;
                remaining -= n;
            } else if (digest == null && checksum == null) {
                seek(position() + remaining);
                remaining = 0;
            } else if (!fill()) {
                throw new EOFException();
            }
        }
    }

    private void seek(long target) throws IOException {
        long clamped = Math.min(target, size);
        channel.position(clamped);
        bufferStart = clamped;
        pos = 0;
        limit = 0;
        if (target > size) {
            throw new EOFException();
        }
    }

    /** Returns up to {@code count} bytes from the current position without consuming them. */
    byte[] peek(int count) throws IOException {
        while (limit - pos < count && limit - pos < buffer.length) {
            if (!fill()) {
                break;
            }
        }
        return Arrays.copyOfRange(buffer, pos, pos + Math.min(count, limit - pos));
    }

    /**
     * Skips JPEG entropy-coded data: stuffed zero bytes after 0xFF, restart markers and fill bytes.
     *
     * @return the code of the marker that ends the data (the byte after its 0xFF), or -1 when the
     *     file ends first
     */
    int skipEntropyCodedData() throws IOException {
        while (true) {
            boolean found = false;
            while (!found) {
                while (pos < limit) {
                    if (buffer[pos++] == (byte) 0xFF) {
                        found = true;
                        break;
                    }
                }
                if (!found && !fill()) {
                    return -1;
                }
            }
            int code = read();
            while (code == 0xFF) {
                code = read();
            }
            if (code < 0) {
                return -1;
            }
            boolean stuffedZero = code == 0x00;
            boolean restart = code >= 0xD0 && code <= 0xD7;
            if (!stuffedZero && !restart) {
                return code;
            }
        }
    }

    /** Reads the rest of the file into the digest, if there is one. */
    void drain() throws IOException {
        if (digest == null) {
            return;
        }
        pos = limit;
        while (fill()) {
            pos = limit;
        }
    }

    /**
     * Reads up to {@code length} bytes at an absolute file offset without moving the sequential
     * position or feeding the digest.
     *
     * @return the number of bytes read, less than {@code length} only at the end of the file
     */
    int readAt(long offset, byte[] target, int targetOffset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = channel.read(ByteBuffer.wrap(target, targetOffset + done, length - done), offset + done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** Appends the next bytes of the file to the buffer; returns {@code false} at the end of the file. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            bufferStart += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buffer.length) {
            return true;
        }
        window.limit(buffer.length).position(limit);
        int n = channel.read(window);
        if (n <= 0) {
            return false;
        }
        if (digest != null) {
            digest.update(buffer, limit, n);
        }
        limit += n;
        return true;
    }
}
