package org.regiontag.db.io;

/**
 * A category as a dataset reader found it.
 *
 * @param name the category's name in the source, such as {@code pottedplant} or {@code dining table}
 * @param originalId the identifier the source uses for it (a COCO category id, a YOLO class
 *     index), or {@code null} where the source has none
 */
public record DatasetCategory(String name, String originalId) {
}
