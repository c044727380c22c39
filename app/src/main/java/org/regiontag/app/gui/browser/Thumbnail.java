package org.regiontag.app.gui.browser;

import javafx.scene.image.Image;

/**
 * A decoded thumbnail, or why there is none.
 *
 * @param image the picture, or {@code null} when the file is missing or damaged
 * @param status whether the file could be decoded
 * @param reason why it could not, in one line; {@code null} when it could
 */
public record Thumbnail(Image image, Status status, String reason) {

    /** Whether a thumbnail could be made. */
    public enum Status {
        OK, MISSING, DAMAGED
    }

    public static Thumbnail of(Image image) {
        return new Thumbnail(image, Status.OK, null);
    }

    public static Thumbnail missing(String reason) {
        return new Thumbnail(null, Status.MISSING, reason);
    }

    public static Thumbnail damaged(String reason) {
        return new Thumbnail(null, Status.DAMAGED, reason);
    }

    /** Returns the bytes the picture occupies (4 per pixel), or a small constant for a failure. */
    long bytes() {
        return image == null ? 64 : 4L * (long) image.getWidth() * (long) image.getHeight();
    }
}
