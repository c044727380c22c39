package org.regiontag.engine.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** File digests in lower-case hex. */
final class Digests {

    private Digests() {
    }

    static String sha256(Path file) throws IOException {
        return hex(file, digest("SHA-256"));
    }

    /** Returns git's blob id of a file: the SHA-1 of {@code "blob <size>\0"} followed by the content. */
    static String gitBlobSha1(Path file) throws IOException {
        MessageDigest sha1 = digest("SHA-1");
        sha1.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
        return hex(file, sha1);
    }

    private static String hex(Path file, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides " + algorithm, e);
        }
    }
}
