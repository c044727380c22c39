package org.regiontag.engine.heatmap;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.regiontag.engine.io.AtomicFiles;

/**
 * Draws a similarity map over its image: the map is normalised, resized bilinearly to the part
 * of the image it covers, coloured and blended with the image.
 */
public final class HeatmapRenderer {

    private HeatmapRenderer() {
    }

    /**
     * Returns a copy of {@code image} with the map drawn over {@code extent}; pixels outside the
     * extent are left as they are.
     *
     * @param image the image as the user sees it (EXIF orientation applied)
     * @param map the scores {@code (height, width)} over the network input
     * @param extent the image region the network input covered: the whole image for square
     *     resizing, {@link #centreSquare} for CLIP's centre crop
     */
    public static BufferedImage overlay(BufferedImage image, SimilarityMap map, Rectangle extent, HeatmapStyle style) {
        Rectangle bounds = new Rectangle(0, 0, image.getWidth(), image.getHeight());
        if (extent.isEmpty() || !bounds.contains(extent)) {
            throw new IllegalArgumentException("map extent " + extent + " is not inside the image " + bounds);
        }
        float[] positions = Bilinear.resize(style.normalization().normalize(map), extent.height, extent.width);

        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[image.getWidth()];
        double opacity = style.opacity();
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
            if (y >= extent.y && y < extent.y + extent.height) {
                int mapRow = (y - extent.y) * extent.width;
                for (int x = extent.x; x < extent.x + extent.width; x++) {
                    int colour = style.colormap().rgb(positions[mapRow + x - extent.x]);
                    row[x] = blend(colour, row[x], opacity);
                }
            }
            out.setRGB(0, y, row.length, 1, row, 0, row.length);
        }
        return out;
    }

    /**
     * Returns the centred square with the side of the image's shorter side: the region that
     * CLIP's preprocessing (shortest side resized, then centre crop) feeds to the network. The crop
     * rounds its offset in resized pixels, so its region may differ from this one by up to one
     * resized pixel.
     */
    public static Rectangle centreSquare(int width, int height) {
        int side = Math.min(width, height);
        return new Rectangle((width - side) / 2, (height - side) / 2, side, side);
    }

    /** Writes {@code image} as a PNG file; the file appears complete or not at all. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer is available in this Java runtime");
            }
        });
    }

    /** Blends two 0xRRGGBB colours per channel: {@code opacity * top + (1 - opacity) * bottom}. */
    static int blend(int top, int bottom, double opacity) {
        int result = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int upper = (top >> shift) & 0xff;
            int lower = (bottom >> shift) & 0xff;
            int channel = (int) Math.round(opacity * upper + (1 - opacity) * lower);
            result |= channel << shift;
        }
        return result;
    }
}
