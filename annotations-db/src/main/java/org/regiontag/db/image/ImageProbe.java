package org.regiontag.db.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at image files without decoding their pixels: existence, content hash, stored size, EXIF
 * orientation, and whether the file is whole.
 *
 * <p>One sequential read of the file feeds both the SHA-256 and the format's parser, which walks
 * the file's structure to its end marker: JPEG markers and entropy-coded data up to EOI, PNG chunks
 * with their CRCs up to IEND, GIF blocks, the WebP RIFF size, BMP and TIFF pixel data extents. The
 * formats recognised are JPEG, PNG, GIF, BMP, WebP and classic TIFF; anything else is damaged.
 *
 * <p>A file reported {@link ImageStatus#OK} has a valid structure; its compressed pixel data is not
 * decoded, so a file that is corrupt inside that data still fails in {@link ImageDecoder}, which
 * callers must handle. Thread-safe: every call works on its own state.
 */
public final class ImageProbe {

    private static final Logger LOG = LoggerFactory.getLogger(ImageProbe.class);

    private ImageProbe() {
    }

    /**
     * Probes one file with {@link ImageLimits#DEFAULT}. A missing, unreadable or bad file is
     * reported in the result, not thrown.
     */
    public static ImageInfo probe(Path file) {
        return probe(file, ImageLimits.DEFAULT);
    }

    /**
     * Probes one file. An image that declares a size above {@code limits} is
     * {@link ImageStatus#DAMAGED}, and a missing, unreadable or bad file is reported in the result,
     * not thrown.
     */
    public static ImageInfo probe(Path file, ImageLimits limits) {
        if (!Files.exists(file)) {
            return missing("reason.notFound");
        }
        if (!Files.isRegularFile(file)) {
            return missing("reason.notRegularFile");
        }

        MessageDigest digest = newSha256();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteSource in = new ByteSource(channel, digest);
            ImageHeader header;
            String reason = null;
            try {
                header = ImageHeaders.read(in, limits);
            } catch (ImageFormatException e) {
                header = e.partial();
                reason = e.getMessage();
            }
            in.drain();
            String sha256 = HexFormat.of().formatHex(digest.digest());

            if (reason == null) {
                return new ImageInfo(ImageStatus.OK, header.width(), header.height(), header.orientation(), sha256,
                        null);
            }
            if (header == null) {
                return new ImageInfo(ImageStatus.DAMAGED, 0, 0, 1, sha256, reason);
            }
            return new ImageInfo(ImageStatus.DAMAGED, header.width(), header.height(), header.orientation(), sha256,
                    reason);
        } catch (NoSuchFileException e) {
            return missing("reason.notFound");
        } catch (AccessDeniedException e) {
            return unreadable(ImageMessages.MESSAGES.format("reason.accessDenied"));
        } catch (IOException e) {
            return unreadable(ImageMessages.MESSAGES.format("reason.unreadable", oneLine(e)));
        } catch (RuntimeException e) {
            // A parser bug must not stop an import of many images; the log keeps the stack trace.
            LOG.warn("Probing {} failed unexpectedly", file, e);
            return unreadable(ImageMessages.MESSAGES.format("reason.probeFailed", oneLine(e)));
        }
    }

    /** Returns the SHA-256 of a file's bytes in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static ImageInfo missing(String key) {
        return new ImageInfo(ImageStatus.MISSING, 0, 0, 1, null, ImageMessages.MESSAGES.format(key));
    }

    private static ImageInfo unreadable(String reason) {
        return new ImageInfo(ImageStatus.DAMAGED, 0, 0, 1, null, reason);
    }

    /** Returns an exception's message on one line, or its class name when it has none. */
    static String oneLine(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s+", " ");
    }
}
