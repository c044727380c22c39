package org.regiontag.app.services;

import java.io.IOException;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ImageRecord;

/**
 * Computes heatmaps for the image view and for "why this suggestion". Called on a background
 * thread, several times a second while a person reviews, so an implementation reads cached
 * features rather than running the backbone.
 */
public interface HeatmapSource extends AutoCloseable {

    /**
     * Returns the map of {@code category} over {@code image} for the project's newest model version,
     * or the reason there is none.
     *
     * @throws IOException when a feature file cannot be read
     */
    Heatmap heatmap(ImageRecord image, Category category, MapKind kind) throws IOException;

    /**
     * Returns the nearest known positives of the project's suggestions, computed with the same
     * model as the heatmaps. This default finds none.
     */
    default RegionNeighbours neighbours() {
        return RegionNeighbours.NONE;
    }

    /** Frees what the source keeps loaded; later calls return no map. */
    @Override
    default void close() {
    }
}
