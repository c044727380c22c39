package org.regiontag.db.repo;

import org.regiontag.db.io.Split;

/**
 * A selection and order of images for browsing, for {@link BrowseRepository#findImageIds}. An image
 * must meet every condition that is set.
 *
 * @param split only images of this split, or {@code null} for all
 * @param unknownCategoryId only images whose working label for this category is unknown, or {@code null}
 * @param withPendingSuggestions only images with at least one pending suggestion on a cell no person decided
 * @param withPossibleErrors only images with a pending suggestion that disagrees with an imported label
 * @param order the order of the result
 */
public record ImageQuery(Split split, Long unknownCategoryId, boolean withPendingSuggestions,
        boolean withPossibleErrors, ImageOrder order) {

    public ImageQuery {
        if (order == null) {
            throw new IllegalArgumentException("an image query needs an order");
        }
    }

    /** Selects every image in id order. */
    public static ImageQuery all() {
        return new ImageQuery(null, null, false, false, ImageOrder.ID);
    }

    /** The order of a browsing query. */
    public enum ImageOrder {
        /** By id, which is import order. */
        ID,
        /**
         * By the highest informativeness of the image's pending suggestions, highest first, so the
         * decisions that teach the model most come first. Images without one follow by id.
         */
        INFORMATIVENESS
    }
}
