package org.regiontag.engine.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The owner of each sample of a square grid over the image: the object visible there after
 * occlusion by later objects and by front strokes. Samples sit at cell centres, {@code ((x + 0.5) / n, (y +
 * 0.5) / n)} in image-side fractions, and every test is plain double arithmetic, so a raster is
 * the same on every machine and does not depend on how Java2D draws.
 *
 * <p>Polygons are filled by scanline with the crossing-number rule: a sample is inside a polygon
 * when an odd number of its edges cross the sample's row to the right of the sample's centre.
 * An object covers the samples inside any of its fill polygons and outside all of its holes.
 */
final class SceneRaster {

    /** Owner value of a sample where no object is visible (background or a back stroke). */
    static final int BACKGROUND = -1;
    /** Owner value of a sample covered by a front stroke. */
    static final int FRONT_STROKE = -2;

    private final int resolution;
    private final int[] owner;
    private final long[] area;
    private final long[] visible;

    private SceneRaster(int resolution, int[] owner, long[] area, long[] visible) {
        this.resolution = resolution;
        this.owner = owner;
        this.area = area;
        this.visible = visible;
    }

    /**
     * Rasterises objects (back to front) and the front strokes among {@code strokes} at
     * {@code resolution} samples per side.
     */
    static SceneRaster of(List<SceneObject> objects, List<DistractorStroke> strokes, int resolution) {
        int[] owner = new int[resolution * resolution]; // (resolution, resolution)
        Arrays.fill(owner, BACKGROUND);
        long[] area = new long[objects.size()];

        boolean[] row = new boolean[resolution];
        for (int o = 0; o < objects.size(); o++) {
            area[o] = fillObject(objects.get(o), o, owner, resolution, row);
        }
        for (DistractorStroke stroke : strokes) {
            if (stroke.inFront()) {
                coverStroke(stroke, owner, resolution);
            }
        }

        long[] visible = new long[objects.size()];
        for (int value : owner) {
            if (value >= 0) {
                visible[value]++;
            }
        }
        return new SceneRaster(resolution, owner, area, visible);
    }

    int resolution() {
        return resolution;
    }

    /** Returns the index of the object visible at sample (x, y), or {@link #BACKGROUND} or {@link #FRONT_STROKE}. */
    int ownerAt(int x, int y) {
        return owner[y * resolution + x];
    }

    /** Returns the number of samples inside object {@code o}, visible or not. */
    long area(int o) {
        return area[o];
    }

    /** Returns the visible share of object {@code o}'s area, or 0 for an object that covers no sample. */
    double visibleFraction(int o) {
        return area[o] == 0 ? 0 : (double) visible[o] / area[o];
    }

    /** Marks the object's samples as owned by {@code index} and returns how many there are. */
    private static long fillObject(SceneObject object, int index, int[] owner, int resolution, boolean[] row) {
        ObjectPlacement placement = new ObjectPlacement(object);
        ShapeOutline outline = object.category().outline();
        List<double[]> fills = new ArrayList<>();
        outline.fills().forEach(polygon -> fills.add(placement.toSamples(polygon, resolution)));
        List<double[]> holes = new ArrayList<>();
        outline.holes().forEach(polygon -> holes.add(placement.toSamples(polygon, resolution)));

        double[] bounds = sampleBounds(fills);
        int y0 = Math.max(0, (int) Math.ceil(bounds[1] - 0.5));
        int y1 = Math.min(resolution - 1, (int) Math.floor(bounds[3] - 0.5));
        int x0 = Math.max(0, (int) Math.ceil(bounds[0] - 0.5));
        int x1 = Math.min(resolution - 1, (int) Math.floor(bounds[2] - 0.5));
        if (y0 > y1 || x0 > x1) {
            return 0;
        }

        long count = 0;
        double[] crossings = new double[maxVertices(fills, holes)];
        for (int y = y0; y <= y1; y++) {
            Arrays.fill(row, x0, x1 + 1, false);
            for (double[] fill : fills) {
                markSpans(fill, y + 0.5, row, x0, x1, true, crossings);
            }
            for (double[] hole : holes) {
                markSpans(hole, y + 0.5, row, x0, x1, false, crossings);
            }
            for (int x = x0; x <= x1; x++) {
                if (row[x]) {
                    owner[y * resolution + x] = index;
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Sets {@code row[x]} to {@code value} for every sample x in [x0, x1] whose centre {@code x +
     * 0.5} lies inside the polygon on the row at height {@code centreY}.
     */
    private static void markSpans(double[] polygon, double centreY, boolean[] row, int x0, int x1, boolean value,
            double[] crossings) {
        int count = 0;
        int n = polygon.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = polygon[2 * i];
            double yi = polygon[2 * i + 1];
            double xj = polygon[2 * j];
            double yj = polygon[2 * j + 1];
            if ((yi > centreY) != (yj > centreY)) {
                crossings[count++] = (xj - xi) * (centreY - yi) / (yj - yi) + xi;
            }
        }
        Arrays.sort(crossings, 0, count);

        // A centre is inside when an odd number of crossings lie at or left of it: [c0, c1), [c2, c3), ...
        for (int k = 0; k + 1 < count; k += 2) {
            int from = Math.max(x0, (int) Math.ceil(crossings[k] - 0.5));
            int to = Math.min(x1, (int) Math.ceil(crossings[k + 1] - 0.5) - 1);
            for (int x = from; x <= to; x++) {
                row[x] = value;
            }
        }
    }

    /** Marks every sample within half the stroke's width of one of its segments. */
    private static void coverStroke(DistractorStroke stroke, int[] owner, int resolution) {
        double halfWidth = stroke.width() / 2;
        List<DistractorStroke.Point> points = stroke.points();
        for (int i = 1; i < points.size(); i++) {
            DistractorStroke.Point a = points.get(i - 1);
            DistractorStroke.Point b = points.get(i);
            int x0 = Math.max(0, (int) Math.ceil((Math.min(a.x(), b.x()) - halfWidth) * resolution - 0.5));
            int x1 = Math.min(resolution - 1, (int) Math.floor((Math.max(a.x(), b.x()) + halfWidth) * resolution - 0.5));
            int y0 = Math.max(0, (int) Math.ceil((Math.min(a.y(), b.y()) - halfWidth) * resolution - 0.5));
            int y1 = Math.min(resolution - 1, (int) Math.floor((Math.max(a.y(), b.y()) + halfWidth) * resolution - 0.5));
            for (int y = y0; y <= y1; y++) {
                double sampleY = (y + 0.5) / resolution;
                for (int x = x0; x <= x1; x++) {
                    if (DistractorStroke.segmentDistanceSquared(a, b, (x + 0.5) / resolution, sampleY)
                            <= halfWidth * halfWidth) {
                        owner[y * resolution + x] = FRONT_STROKE;
                    }
                }
            }
        }
    }

    private static double[] sampleBounds(List<double[]> polygons) {
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

    private static int maxVertices(List<double[]> fills, List<double[]> holes) {
        int max = 0;
        for (double[] polygon : fills) {
            max = Math.max(max, polygon.length / 2);
        }
        for (double[] polygon : holes) {
            max = Math.max(max, polygon.length / 2);
        }
        return max;
    }
}
