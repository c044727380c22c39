package org.regiontag.engine.demo;

/**
 * One object of a scene. Positions and sizes are fractions of the image side, so the same object
 * renders at any pixel size; the y axis points down.
 *
 * @param category what the object is
 * @param colour its fill colour
 * @param centreX x of the centre of its circumscribed circle, in [0, 1]
 * @param centreY y of that centre, in [0, 1]
 * @param size the diameter of its circumscribed circle before stretching, as a fraction of the
 *     image side
 * @param rotation clockwise turn in radians (y points down)
 * @param aspect width-to-height stretch of the unit outline, area-preserving; 1 for none
 * @param shading relative brightness change across the object, in [0, 1); 0 for a flat fill
 * @param shadingAngle direction of the brightness change, in radians
 */
public record SceneObject(SceneCategory category, Rgb colour, double centreX, double centreY, double size,
        double rotation, double aspect, double shading, double shadingAngle) {

    public SceneObject {
        if (!(size > 0 && size <= 1)) {
            throw new IllegalArgumentException("object size must lie in (0, 1]; got " + size);
        }
        if (!(aspect > 0)) {
            throw new IllegalArgumentException("object aspect must be positive; got " + aspect);
        }
        if (!(shading >= 0 && shading < 1)) {
            throw new IllegalArgumentException("object shading must lie in [0, 1); got " + shading);
        }
    }

    /** Creates a flat, unstretched object: the form that tests and hand-made scenes use. */
    public static SceneObject plain(SceneCategory category, Rgb colour, double centreX, double centreY, double size,
            double rotation) {
        return new SceneObject(category, colour, centreX, centreY, size, rotation, 1, 0, 0);
    }

    /** Half the horizontal scale of the unit outline, in image-side fractions. */
    double scaleX() {
        return size / 2 * Math.sqrt(aspect);
    }

    /** Half the vertical scale of the unit outline, in image-side fractions. */
    double scaleY() {
        return size / 2 / Math.sqrt(aspect);
    }

    /** Returns the radius of a circle around the centre that contains the whole object. */
    double boundingRadius() {
        return Math.max(scaleX(), scaleY());
    }
}
