package org.regiontag.db.image;

/**
 * Largest image that the probe accepts and the decoder allocates, checked against the size a file's
 * header declares before any pixel buffer exists (the decompression-bomb guard). An image above
 * either limit is {@link ImageStatus#DAMAGED} with a reason that names its size and the limit.
 *
 * @param maxPixels the maximum width × height. The default of 100 megapixels decodes to 400 MB as
 *     {@code TYPE_INT_RGB}. It admits photos from full-frame and smaller cameras (about 61 MP at
 *     most) but not from the largest medium-format backs, which need a caller-chosen larger limit.
 * @param maxSide the maximum width or height in pixels. The default of 30,000 is above the long side
 *     of any camera sensor, so only stitched panoramas and forged headers exceed it.
 */
public record ImageLimits(long maxPixels, int maxSide) {

    /** The limits that {@link ImageProbe#probe(java.nio.file.Path)} and {@code new ImageDecoder()} use. */
    public static final ImageLimits DEFAULT = new ImageLimits(100_000_000L, 30_000);

    public ImageLimits {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
        }
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be at least 1, got " + maxSide);
        }
    }

    /** Whether an image of this size is within both limits. */
    public boolean admits(long width, long height) {
        return width <= maxSide && height <= maxSide && width * height <= maxPixels;
    }
}
