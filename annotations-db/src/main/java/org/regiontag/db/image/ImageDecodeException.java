package org.regiontag.db.image;

import java.nio.file.Path;

/**
 * An image file could not be decoded: it is missing, unreadable, truncated, corrupt, in an
 * unsupported format or above the size limits. The message is one line that names the file, the
 * reason and what to do.
 */
public class ImageDecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    public ImageDecodeException(Path file, String reason) {
        this(file, reason, null);
    }

    public ImageDecodeException(Path file, String reason, Throwable cause) {
        super(ImageMessages.MESSAGES.format("decode.failed", file, reason), cause);
        this.file = file;
        this.reason = reason;
    }

    /** Returns the file that failed to decode. */
    public Path file() {
        return file;
    }

    /** Returns the reason in one line, without the path: the same text that {@link ImageProbe} reports. */
    public String reason() {
        return reason;
    }
}
