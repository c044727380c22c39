package org.regiontag.engine.features;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A feature-cache file exists but is not a complete, intact entry; extracting the image again
 * (after {@link FeatureCache#remove}) replaces it.
 */
public final class CorruptEntryException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CorruptEntryException(Path file, String problem) {
        super("feature cache entry " + file + " " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
