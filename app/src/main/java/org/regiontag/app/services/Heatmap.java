package org.regiontag.app.services;

import org.regiontag.engine.features.PreprocessingKey;
import org.regiontag.engine.heatmap.SimilarityMap;

/**
 * A heatmap of one category over one image, or the reason there is none.
 *
 * @param map the scores over the dense-feature grid, or {@code null} when there is none
 * @param mode how the network input covered the image: the centre square ({@code CROP}) or all of it
 *     ({@code SQUARE}); {@code null} when there is no map
 * @param hint one sentence saying why there is no map and what to do, or {@code null} when there is one
 */
public record Heatmap(SimilarityMap map, PreprocessingKey.ResizeMode mode, String hint) {

    public static Heatmap of(SimilarityMap map, PreprocessingKey.ResizeMode mode) {
        return new Heatmap(map, mode, null);
    }

    public static Heatmap unavailable(String hint) {
        return new Heatmap(null, null, hint);
    }

    public boolean isAvailable() {
        return map != null;
    }
}
