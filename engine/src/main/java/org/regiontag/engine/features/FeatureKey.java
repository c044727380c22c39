package org.regiontag.engine.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a cached feature depends on besides the image: the backbone and the preprocessing. Two
 * keys with the same {@link #cacheKey()} share one folder of the cache; any change gives a new
 * folder, which is how stale features are never read.
 *
 * @param backbone the backbone's fingerprint: a string that changes whenever its output could
 *     change (weights, architecture, which dense-feature variant), supplied by the model
 * @param preprocessing the preprocessing settings
 */
public record FeatureKey(String backbone, PreprocessingKey preprocessing) {

    /** Hex digits of the folder name: 64 bits, so an accidental collision is negligible. */
    private static final int KEY_HEX_DIGITS = 16;

    public FeatureKey {
        if (backbone == null || backbone.isBlank()) {
            throw new IllegalArgumentException("backbone fingerprint is missing");
        }
        if (preprocessing == null) {
            throw new IllegalArgumentException("preprocessing is missing");
        }
    }

    /**
     * Returns the folder name of this key: the first 16 hex digits of the SHA-256 of the entry
     * format version, the backbone fingerprint and the preprocessing's stable string, so that a
     * new entry format also starts a new folder.
     */
    public String cacheKey() {
        String identity = "regiontag-features/" + FeatureEntry.FORMAT_VERSION + "\n" + backbone + "\n"
                + preprocessing.stableString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, KEY_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** Whether {@code name} has the form of a cache key (16 lower-case hex digits). */
    static boolean isCacheKey(String name) {
        return name.length() == KEY_HEX_DIGITS && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
