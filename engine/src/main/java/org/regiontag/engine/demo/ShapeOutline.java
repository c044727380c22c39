package org.regiontag.engine.demo;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The outline of a category's shape in unit coordinates: centred on the origin, y pointing down,
 * and fitting the unit circle (its farthest vertex lies at distance 1).
 *
 * <p>An outline is a union of filled polygons minus hole polygons, with vertices computed by
 * {@link StrictMath} so that they are the same on every machine. Labels and masks rasterise the
 * polygons with the crossing-number rule ({@link SceneRaster}); {@link #contains} applies the same
 * rule to one point, as an independent reference. Rendering fills {@link #path()}, built from the
 * same vertices, so pixels and masks agree up to anti-aliasing.
 */
final class ShapeOutline {

    private final List<double[]> fills;
    private final List<double[]> holes;
    private final double minX;
    private final double maxX;
    private final double minY;
    private final double maxY;
    private final Shape path;

    /**
     * @param fills polygons as interleaved {@code x0, y0, x1, y1, ...}, already normalised
     * @param holes polygons cut out of the fills, in the same form
     */
    private ShapeOutline(List<double[]> fills, List<double[]> holes) {
        this.fills = List.copyOf(fills);
        this.holes = List.copyOf(holes);

        double[] bounds = bounds(fills);
        minX = bounds[0];
        minY = bounds[1];
        maxX = bounds[2];
        maxY = bounds[3];

        Area area = new Area();
        for (double[] fill : fills) {
            area.add(new Area(toPath(fill)));
        }
        for (double[] hole : holes) {
            area.subtract(new Area(toPath(hole)));
        }
        path = new Path2D.Double(area);
    }

    /**
     * Builds an outline from raw polygons: moves the centre of the fills' bounding box to the
     * origin and scales so that the farthest fill vertex lies on the unit circle.
     */
    static ShapeOutline normalised(List<double[]> fills, List<double[]> holes) {
        double[] bounds = bounds(fills);
        double centreX = (bounds[0] + bounds[2]) / 2;
        double centreY = (bounds[1] + bounds[3]) / 2;
        double maxRadiusSquared = 0;
        for (double[] fill : fills) {
            for (int i = 0; i < fill.length; i += 2) {
                double dx = fill[i] - centreX;
                double dy = fill[i + 1] - centreY;
                maxRadiusSquared = Math.max(maxRadiusSquared, dx * dx + dy * dy);
            }
        }
        double scale = 1 / StrictMath.sqrt(maxRadiusSquared);
        return new ShapeOutline(transform(fills, centreX, centreY, scale), transform(holes, centreX, centreY, scale));
    }

    /** Tests whether the unit-coordinate point lies inside a fill and outside every hole. */
    boolean contains(double x, double y) {
        if (x < minX || x > maxX || y < minY || y > maxY) {
            return false;
        }
        boolean inside = false;
        for (double[] fill : fills) {
            if (polygonContains(fill, x, y)) {
                inside = true;
                break;
            }
        }
        if (!inside) {
            return false;
        }
        for (double[] hole : holes) {
            if (polygonContains(hole, x, y)) {
                return false;
            }
        }
        return true;
    }

    /** The filled polygons as interleaved {@code x, y} vertices; callers must not modify them. */
    List<double[]> fills() {
        return fills;
    }

    /** The hole polygons in the same form; callers must not modify them. */
    List<double[]> holes() {
        return holes;
    }

    /** The outline as a Java2D shape in unit coordinates, for rendering only; callers must not modify it. */
    Shape path() {
        return path;
    }

    /** Returns a regular polygon that approximates a circle, starting at angle 0. */
    static double[] circle(double centreX, double centreY, double radius, int vertices) {
        double[] polygon = new double[2 * vertices];
        for (int i = 0; i < vertices; i++) {
            double angle = 2 * Math.PI * i / vertices;
            polygon[2 * i] = centreX + radius * StrictMath.cos(angle);
            polygon[2 * i + 1] = centreY + radius * StrictMath.sin(angle);
        }
        return polygon;
    }

    /** Crossing-number test: a point exactly on an edge may fall either way, but always the same way. */
    private static boolean polygonContains(double[] polygon, double x, double y) {
        boolean inside = false;
        int n = polygon.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = polygon[2 * i];
            double yi = polygon[2 * i + 1];
            double xj = polygon[2 * j];
            double yj = polygon[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }

    private static double[] bounds(List<double[]> polygons) {
        double[] bounds = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] polygon : polygons) {
            for (int i = 0; i < polygon.length; i += 2) {
                bounds[0] = Math.min(bounds[0], polygon[i]);
                bounds[1] = Math.min(bounds[1], polygon[i + 1]);
                bounds[2] = Math.max(bounds[2], polygon[i]);
                bounds[3] = Math.max(bounds[3], polygon[i + 1]);
            }
        }
        return bounds;
    }

    private static List<double[]> transform(List<double[]> polygons, double centreX, double centreY, double scale) {
        List<double[]> result = new ArrayList<>();
        for (double[] polygon : polygons) {
            double[] moved = new double[polygon.length];
            for (int i = 0; i < polygon.length; i += 2) {
                moved[i] = (polygon[i] - centreX) * scale;
                moved[i + 1] = (polygon[i + 1] - centreY) * scale;
            }
            result.add(moved);
        }
        return result;
    }

    private static Path2D.Double toPath(double[] polygon) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(polygon[0], polygon[1]);
        for (int i = 2; i < polygon.length; i += 2) {
            path.lineTo(polygon[i], polygon[i + 1]);
        }
        path.closePath();
        return path;
    }
}
