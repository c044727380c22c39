package org.regiontag.engine.models;

/**
 * Receives the progress of a download, on the downloading thread; implementations must return
 * quickly. Every method has an empty default.
 */
public interface DownloadListener {

    DownloadListener NONE = new DownloadListener() { };

    /** Called before the first request for a file; {@code resumedFrom} bytes are already on disk. */
    default void fileStarted(String file, long size, long resumedFrom) {
    }

    /** Called as bytes arrive, at least every 64 KiB; {@code done} counts the resumed part too. */
    default void progressed(String file, long done, long size) {
    }

    /** Called when the server ignored the range request, so the file starts again from byte 0. */
    default void restarted(String file) {
    }

    /** Called before a retry after a failure that brought no complete file. */
    default void retrying(String file, int attempt, int maxAttempts, String reason) {
    }

    /** Called while a finished file's SHA-256 (or git hash) is computed. */
    default void verifying(String file) {
    }

    /**
     * Called when a file is verified and in place.
     *
     * @param alreadyPresent whether it was there from an earlier download (verified again, not downloaded)
     */
    default void fileFinished(String file, long size, boolean alreadyPresent) {
    }
}
