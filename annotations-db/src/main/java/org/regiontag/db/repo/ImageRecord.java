package org.regiontag.db.repo;

import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.Split;

/**
 * An image of the project, as stored.
 *
 * @param id the row id
 * @param rootId the dataset root that {@code path} is relative to
 * @param path the path relative to the root, {@code /}-separated and normalised
 * @param width the stored pixel width before the EXIF orientation is applied, 0 when unknown
 * @param height the stored pixel height before the EXIF orientation is applied, 0 when unknown
 * @param sha256 the SHA-256 of the file's bytes in lower-case hex, {@code null} when the file is missing
 * @param orientation the EXIF orientation, 1 to 8
 * @param split the dataset split
 * @param status whether the file can be used
 * @param statusReason why it is missing or damaged; {@code null} when it is OK
 */
public record ImageRecord(long id, long rootId, String path, int width, int height, String sha256, int orientation,
        Split split, ImageStatus status, String statusReason) {
}
