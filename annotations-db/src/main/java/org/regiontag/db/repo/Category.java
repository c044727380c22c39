package org.regiontag.db.repo;

/**
 * A category of the project.
 *
 * @param id the row id
 * @param name the unique name, as the first import that named it wrote it
 * @param promptName the words the text encoder reads, such as {@code potted plant}
 * @param colour the display colour as {@code #rrggbb}
 * @param sortOrder the position in lists, from 0
 * @param originalId the identifier the first source gave it (a COCO id, a YOLO index), or {@code null}
 */
public record Category(long id, String name, String promptName, String colour, int sortOrder, String originalId) {
}
