package org.regiontag.db.image;

/** Whether an image file can be used. */
public enum ImageStatus {
    /** The file exists and decodes. */
    OK,
    /** No file at the image's path. */
    MISSING,
    /** The file exists but is truncated, corrupt or in an unsupported format; the reason says which. */
    DAMAGED;

    /** The status's name in the store: {@code ok}, {@code missing} or {@code damaged}. */
    public String storeName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
