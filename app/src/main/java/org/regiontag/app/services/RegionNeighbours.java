package org.regiontag.app.services;

import java.io.IOException;
import java.util.List;

/**
 * Finds the known-positive images whose representation for a category is nearest to one image's:
 * what the model compares a suggestion with. Called on a background thread.
 */
@FunctionalInterface
public interface RegionNeighbours {

    /**
     * Returns up to {@code count} images known positive for the category, nearest first, or an empty
     * list when the representations needed are not available.
     */
    List<Neighbour> nearestKnownPositives(long imageId, long categoryId, int count) throws IOException;

    /** Finds no neighbours: for builds without region representations. */
    RegionNeighbours NONE = (imageId, categoryId, count) -> List.of();

    /**
     * One neighbour.
     *
     * @param imageId the neighbouring image
     * @param similarity cosine similarity of the two representations, in [-1, 1]
     */
    record Neighbour(long imageId, double similarity) {
    }
}
