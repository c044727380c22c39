package org.regiontag.db.repo;

/**
 * The zero-shot similarity of one cell.
 *
 * @param imageId the cell's image
 * @param categoryId the cell's category
 * @param cosine the cosine of the image's global embedding and the category's hand-crafted prompt
 *     embedding, in [-1, 1]
 */
public record ZeroShotScore(long imageId, long categoryId, double cosine) {
}
