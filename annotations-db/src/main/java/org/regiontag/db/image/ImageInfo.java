package org.regiontag.db.image;

/**
 * The result of probing an image file.
 *
 * <p>{@code width} and {@code height} are the stored sizes, before the EXIF orientation is applied;
 * {@link #displayWidth()} and {@link #displayHeight()} are the upright sizes, which
 * {@link ImageDecoder} returns. For a damaged image they are what the header declared before the
 * file turned out damaged, or 0 when the header was not reached.
 *
 * @param status whether the image can be used
 * @param width the stored pixel width (before EXIF orientation is applied), 0 when unknown
 * @param height the stored pixel height (before EXIF orientation is applied), 0 when unknown
 * @param orientation the EXIF orientation, 1 to 8 (1 when the file has none or an invalid one)
 * @param sha256 the SHA-256 of the file's bytes in lower-case hex, or {@code null} when the file is
 *     missing or could not be read
 * @param reason why the image is missing or damaged, in one line without the path (callers show it
 *     next to the path); {@code null} when it is OK
 */
public record ImageInfo(ImageStatus status, int width, int height, int orientation, String sha256, String reason) {

    /** Width after the EXIF orientation is applied (orientations 5 to 8 swap the axes). */
    public int displayWidth() {
        return orientation >= 5 ? height : width;
    }

    /** Height after the EXIF orientation is applied. */
    public int displayHeight() {
        return orientation >= 5 ? width : height;
    }
}
