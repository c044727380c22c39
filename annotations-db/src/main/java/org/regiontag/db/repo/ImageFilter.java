package org.regiontag.db.repo;

import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.Split;

/**
 * A selection of images for {@link ImageRepository#findImages}; an image must meet every condition that is set.
 *
 * @param split only images of this split, or {@code null} for all
 * @param status only images with this status, or {@code null} for all
 * @param unknownCategoryId only images whose working label for this category is unknown, or {@code null}
 * @param withPendingSuggestions only images that have at least one pending suggestion
 * @param limit the maximum number of images returned, at least 1
 * @param afterId only images whose id is greater, for paging; 0 for the first page
 */
public record ImageFilter(Split split, ImageStatus status, Long unknownCategoryId, boolean withPendingSuggestions,
        int limit, long afterId) {

    public ImageFilter {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    /** Selects all images, in pages of {@code limit}. */
    public static ImageFilter all(int limit) {
        return new ImageFilter(null, null, null, false, limit, 0);
    }
}
