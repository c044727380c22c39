package org.regiontag.db.image;

/** Whether an image file can be used. */
public enum ImageStatus {
    /** The file exists and its header and structure are valid (its pixel data is not decoded). */
    OK,
    /** No regular file at the image's path. */
    MISSING,
    /**
     * The file exists but is unreadable, truncated, corrupt, in an unsupported format or above the
     * size limits. The reason names which.
     */
    DAMAGED;

    /** The status's name in the store: {@code ok}, {@code missing} or {@code damaged}. */
    public String storeName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
