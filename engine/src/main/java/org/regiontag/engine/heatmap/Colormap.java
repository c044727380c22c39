package org.regiontag.engine.heatmap;

/** A mapping from a position in [0, 1] to an sRGB colour. */
@FunctionalInterface
public interface Colormap {

    /** Returns the colour at {@code value} (clamped to [0, 1]) as 0xRRGGBB. */
    int rgb(double value);
}
