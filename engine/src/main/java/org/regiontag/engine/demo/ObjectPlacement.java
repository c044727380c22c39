package org.regiontag.engine.demo;

import java.awt.geom.AffineTransform;

/**
 * An object's outline placed in the image: the map from unit-outline coordinates to image-side
 * fractions and back. Both directions use the same {@link StrictMath} sine and cosine, so the
 * raster is the same on every machine and the renderer draws the outline that the raster samples.
 */
final class ObjectPlacement {

    private final SceneObject object;
    private final ShapeOutline outline;
    private final double cos;
    private final double sin;
    private final double scaleX;
    private final double scaleY;

    ObjectPlacement(SceneObject object) {
        this.object = object;
        this.outline = object.category().outline();
        this.cos = StrictMath.cos(object.rotation());
        this.sin = StrictMath.sin(object.rotation());
        this.scaleX = object.scaleX();
        this.scaleY = object.scaleY();
    }

    SceneObject object() {
        return object;
    }

    /**
     * Tests whether the image point (in image-side fractions) lies inside the object's outline.
     * The test runs in unit coordinates and is the reference for the scanline raster.
     */
    boolean contains(double x, double y) {
        double dx = x - object.centreX();
        double dy = y - object.centreY();
        double u = (cos * dx + sin * dy) / scaleX;
        double v = (-sin * dx + cos * dy) / scaleY;
        return outline.contains(u, v);
    }

    /**
     * Maps a unit-outline polygon into sample coordinates of a raster with {@code resolution}
     * samples per side (image-side fractions times the resolution).
     */
    double[] toSamples(double[] polygon, int resolution) {
        double[] mapped = new double[polygon.length];
        for (int i = 0; i < polygon.length; i += 2) {
            double u = polygon[i] * scaleX;
            double v = polygon[i + 1] * scaleY;
            mapped[i] = (object.centreX() + cos * u - sin * v) * resolution;
            mapped[i + 1] = (object.centreY() + sin * u + cos * v) * resolution;
        }
        return mapped;
    }

    /** Returns the transform from unit-outline coordinates to image-side fractions, for rendering. */
    AffineTransform toImage() {
        return new AffineTransform(cos * scaleX, sin * scaleX, -sin * scaleY, cos * scaleY, object.centreX(),
                object.centreY());
    }
}
