package org.regiontag.engine.heatmap;

/**
 * The drawing settings of a heatmap over its image.
 *
 * @param colormap colours from low (0) to high (1)
 * @param normalization how scores become colormap positions
 * @param opacity weight of the heatmap colour against the image, in [0, 1]
 */
public record HeatmapStyle(Colormap colormap, MapNormalization normalization, double opacity) {

    /**
     * Opacity of {@link #standard()}: at one half, the image stays recognisable under the colour,
     * which is what an annotator checks the map against.
     */
    public static final double DEFAULT_OPACITY = 0.5;

    public HeatmapStyle {
        if (colormap == null || normalization == null) {
            throw new IllegalArgumentException("colormap and normalization are required");
        }
        if (!(opacity >= 0.0 && opacity <= 1.0)) {
            throw new IllegalArgumentException("opacity must be within [0, 1], got " + opacity);
        }
    }

    /**
     * Returns the default style, which {@code regiontag heatmap} is to use: the cool-to-warm map,
     * min-max normalisation per map and half opacity. Min-max is the default because CLIP's text-pixel
     * cosines within one image usually span a band far narrower than [-1, 1], which a fixed
     * range of [-1, 1] would draw in nearly one colour.
     */
    public static HeatmapStyle standard() {
        return new HeatmapStyle(DivergingColormap.coolToWarm(), MapNormalization.minMax(), DEFAULT_OPACITY);
    }

    public HeatmapStyle withOpacity(double newOpacity) {
        return new HeatmapStyle(colormap, normalization, newOpacity);
    }

    public HeatmapStyle withNormalization(MapNormalization newNormalization) {
        return new HeatmapStyle(colormap, newNormalization, opacity);
    }
}
