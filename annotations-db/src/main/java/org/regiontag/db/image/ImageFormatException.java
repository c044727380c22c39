package org.regiontag.db.image;

/**
 * A file is not a usable image: truncated, corrupt, unsupported or above the size limits. The
 * message is a one-line reason without the path, because callers show it next to the path.
 */
final class ImageFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private transient ImageHeader partial;

    private ImageFormatException(String reason) {
        super(reason, null, false, false);
    }

    /** Creates the exception with the reason {@code key} from this package's message bundle. */
    static ImageFormatException of(String key, Object... args) {
        return new ImageFormatException(ImageMessages.MESSAGES.format(key, args));
    }

    /** Attaches what the header declared before the parse stopped, and returns this exception. */
    ImageFormatException withPartial(ImageHeader header) {
        partial = header;
        return this;
    }

    /** Returns what the header declared, or {@code null} when the format was not recognised. */
    ImageHeader partial() {
        return partial;
    }
}
