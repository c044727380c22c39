package org.regiontag.db.edit;

/**
 * An (image, category) cell, with the names a person used to find it.
 *
 * @param imageId the image's id
 * @param categoryId the category's id
 * @param imagePath the image's path relative to its dataset root
 * @param categoryName the category's name
 */
public record Cell(long imageId, long categoryId, String imagePath, String categoryName) {
}
