package org.regiontag.engine.demo;

import java.util.List;

/**
 * A painted polyline that belongs to no category: clutter that the model must learn to ignore.
 * It is drawn with round caps and joins, so it covers exactly the points within half its width
 * of the polyline.
 *
 * @param points the polyline's vertices, in image-side fractions
 * @param width the stroke width, as a fraction of the image side
 * @param colour its colour
 * @param inFront whether it is drawn over the objects (and hides what it covers) or behind them
 */
public record DistractorStroke(List<Point> points, double width, Rgb colour, boolean inFront) {

    public DistractorStroke {
        points = List.copyOf(points);
        if (points.size() < 2) {
            throw new IllegalArgumentException("a stroke needs at least 2 points; got " + points.size());
        }
        if (!(width > 0)) {
            throw new IllegalArgumentException("stroke width must be positive; got " + width);
        }
    }

    /**
     * Tests whether the point lies within half the width of the polyline. Rasters test each segment
     * within its own bounding box instead; this whole-stroke form is the reference they are
     * tested against.
     */
    boolean covers(double x, double y) {
        double halfWidthSquared = width * width / 4;
        for (int i = 1; i < points.size(); i++) {
            if (segmentDistanceSquared(points.get(i - 1), points.get(i), x, y) <= halfWidthSquared) {
                return true;
            }
        }
        return false;
    }

    /** Returns the squared distance from (x, y) to the segment from a to b. */
    static double segmentDistanceSquared(Point a, Point b, double x, double y) {
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double lengthSquared = dx * dx + dy * dy;
        double t = lengthSquared == 0 ? 0 : ((x - a.x()) * dx + (y - a.y()) * dy) / lengthSquared;
        t = Math.max(0, Math.min(1, t));
        double ex = a.x() + t * dx - x;
        double ey = a.y() + t * dy - y;
        return ex * ex + ey * ey;
    }

    /** A point in image-side fractions, y pointing down. */
    public record Point(double x, double y) {
    }
}
