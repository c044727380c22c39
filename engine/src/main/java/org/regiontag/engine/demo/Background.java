package org.regiontag.engine.demo;

import java.util.List;

/**
 * The background of a scene: a linear gradient, smooth value noise, soft stripes and translucent
 * blobs, with fine grain over the finished image. Noise and grain come from seeds, which keeps the
 * description small. Every term except the per-pixel grain is defined in image-side fractions, so
 * the background looks the same at any pixel size.
 *
 * @param start gradient colour at the start of the gradient axis
 * @param end gradient colour at its end
 * @param gradientAngle direction of the gradient axis, in radians
 * @param noiseCells cells per side of the value-noise lattice
 * @param noiseAmplitude brightness amplitude of the value noise, in [0, 1]
 * @param noiseSeed seed of the value-noise lattice
 * @param stripeColour colour of the stripes
 * @param stripeAlpha opacity of the stripes at their darkest, 0 for no stripes
 * @param stripePeriod distance between stripes, as a fraction of the image side
 * @param stripeAngle direction across the stripes, in radians
 * @param blobs translucent irregular blobs, drawn over the gradient and under everything else
 * @param grainAmplitude brightness amplitude of the per-pixel grain, in [0, 1]
 * @param grainSeed seed of the grain
 */
public record Background(Rgb start, Rgb end, double gradientAngle, int noiseCells, double noiseAmplitude,
        long noiseSeed, Rgb stripeColour, double stripeAlpha, double stripePeriod, double stripeAngle,
        List<Blob> blobs, double grainAmplitude, long grainSeed) {

    public Background {
        blobs = List.copyOf(blobs);
        if (noiseCells < 1) {
            throw new IllegalArgumentException("noiseCells must be at least 1; got " + noiseCells);
        }
        if (!(stripePeriod > 0)) {
            throw new IllegalArgumentException("stripePeriod must be positive; got " + stripePeriod);
        }
    }

    /**
     * Returns the gradient's colour at a point, without noise, stripes or blobs. The generator uses it
     * to keep objects apart from the background; the renderer computes the same gradient with
     * per-row and per-column tables.
     */
    public Rgb gradientAt(double x, double y) {
        return start.mix(end, gradientPosition(x, y));
    }

    /** Returns the position of a point along the gradient axis: 0 at the first image corner on it, 1 at the last. */
    double gradientPosition(double x, double y) {
        double cos = StrictMath.cos(gradientAngle);
        double sin = StrictMath.sin(gradientAngle);
        double extent = Math.abs(cos) + Math.abs(sin);
        double projection = (x - 0.5) * cos + (y - 0.5) * sin;
        return Rgb.clip(projection / extent + 0.5);
    }

    /**
     * A translucent blob: a closed polygon around a centre.
     *
     * @param outline the polygon's vertices, in image-side fractions
     * @param colour its colour
     * @param alpha its opacity in (0, 1)
     */
    public record Blob(List<DistractorStroke.Point> outline, Rgb colour, double alpha) {

        public Blob {
            outline = List.copyOf(outline);
        }
    }
}
