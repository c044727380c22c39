package org.regiontag.db.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Looks at image files without decoding their pixels: existence, size, orientation and content hash. */
public final class ImageProbe {

    private ImageProbe() {
    }

    /** Probes one file; never throws for a missing or bad file, which is reported in the result. */
    public static ImageInfo probe(Path file) {
        if (!Files.isRegularFile(file)) {
            return new ImageInfo(ImageStatus.MISSING, 0, 0, 1, null, "no file at " + file);
        }
        String sha256;
        try {
            sha256 = sha256(file);
        } catch (NoSuchFileException e) {
            return new ImageInfo(ImageStatus.MISSING, 0, 0, 1, null, "no file at " + file);
        } catch (IOException e) {
            return new ImageInfo(ImageStatus.DAMAGED, 0, 0, 1, null, "cannot be read: " + e.getMessage());
        }

        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return new ImageInfo(ImageStatus.DAMAGED, 0, 0, 1, sha256, "not a supported image format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // TODO: read the EXIF orientation and detect truncated files without a full decode.
                return new ImageInfo(ImageStatus.OK, reader.getWidth(0), reader.getHeight(0), 1, sha256, null);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return new ImageInfo(ImageStatus.DAMAGED, 0, 0, 1, sha256, "unreadable image header: " + e.getMessage());
        }
    }

    /** The SHA-256 of a file's bytes in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
