package org.regiontag.db.image;

/**
 * Mapping from stored pixels to upright positions for one EXIF orientation (EXIF 2.32, tag
 * 0x0112). Stored pixel (x, y) of a w × h image goes to index {@code rowStart(y) + x * step()} of
 * a row-major array of the upright size.
 *
 * <table>
 * <caption>Orientations</caption>
 * <tr><th>value</th><th>stored row 0 is the upright</th><th>stored column 0 is the upright</th><th>transform</th></tr>
 * <tr><td>1</td><td>top</td><td>left</td><td>none</td></tr>
 * <tr><td>2</td><td>top</td><td>right</td><td>mirror left-right</td></tr>
 * <tr><td>3</td><td>bottom</td><td>right</td><td>rotate 180°</td></tr>
 * <tr><td>4</td><td>bottom</td><td>left</td><td>mirror top-bottom</td></tr>
 * <tr><td>5</td><td>left</td><td>top</td><td>transpose</td></tr>
 * <tr><td>6</td><td>right</td><td>top</td><td>rotate 90° clockwise</td></tr>
 * <tr><td>7</td><td>right</td><td>bottom</td><td>transverse</td></tr>
 * <tr><td>8</td><td>left</td><td>bottom</td><td>rotate 90° counter-clockwise</td></tr>
 * </table>
 */
final class Orientation {

    private final int orientation;
    private final int storedWidth;
    private final int storedHeight;
    private final int uprightWidth;

    /**
     * @param orientation the EXIF value, 1 to 8
     * @param storedWidth the width of the pixels as the file stores them
     * @param storedHeight the height of the pixels as the file stores them
     */
    Orientation(int orientation, int storedWidth, int storedHeight) {
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("orientation must be 1 to 8, got " + orientation);
        }
        this.orientation = orientation;
        this.storedWidth = storedWidth;
        this.storedHeight = storedHeight;
        this.uprightWidth = swapsAxes() ? storedHeight : storedWidth;
    }

    boolean swapsAxes() {
        return orientation >= 5;
    }

    int uprightWidth() {
        return uprightWidth;
    }

    int uprightHeight() {
        return swapsAxes() ? storedWidth : storedHeight;
    }

    /** Returns the upright index of stored pixel (0, y). */
    int rowStart(int y) {
        int w = storedWidth;
        int h = storedHeight;
        return switch (orientation) {
            case 1 -> y * w;
            case 2 -> y * w + w - 1;
            case 3 -> (h - 1 - y) * w + w - 1;
            case 4 -> (h - 1 - y) * w;
            case 5 -> y;
            case 6 -> h - 1 - y;
            case 7 -> (w - 1) * uprightWidth + h - 1 - y;
            default -> (w - 1) * uprightWidth + y;
        };
    }

    /** Returns how far the upright index moves when the stored x grows by one. */
    int step() {
        return switch (orientation) {
            case 1, 4 -> 1;
            case 2, 3 -> -1;
            case 5, 6 -> uprightWidth;
            default -> -uprightWidth;
        };
    }
}
