package org.regiontag.app.gui;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.Arrays;

/**
 * Reduces an image to 256 colours for small screenshot files: the 256 most frequent colours of a
 * 5-bit-per-channel histogram, each pixel mapped to the nearest of them, without dithering (a
 * user interface has few colours, and dithering would only add noise that compresses badly).
 */
final class Palette {

    private static final int BUCKETS = 1 << 15;

    private Palette() {
    }

    static BufferedImage reduce(BufferedImage image) {
        int[] counts = new int[BUCKETS];
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int pixel : pixels) {
            counts[bucket(pixel)]++;
        }
        Integer[] order = new Integer[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(counts[b], counts[a]));
        int size = 0;
        while (size < 256 && counts[order[size]] > 0) {
            size++;
        }
        size = Math.max(size, 1);
        byte[] red = new byte[size];
        byte[] green = new byte[size];
        byte[] blue = new byte[size];
        for (int i = 0; i < size; i++) {
            int b = order[i];
            red[i] = (byte) (((b >> 10) & 31) * 255 / 31);
            green[i] = (byte) (((b >> 5) & 31) * 255 / 31);
            blue[i] = (byte) ((b & 31) * 255 / 31);
        }

        byte[] nearest = new byte[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            int r = ((b >> 10) & 31) * 255 / 31;
            int g = ((b >> 5) & 31) * 255 / 31;
            int bl = (b & 31) * 255 / 31;
            int best = 0;
            int bestDistance = Integer.MAX_VALUE;
            for (int i = 0; i < size; i++) {
                int dr = r - (red[i] & 0xff);
                int dg = g - (green[i] & 0xff);
                int db = bl - (blue[i] & 0xff);
                int distance = dr * dr + dg * dg + db * db;
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = i;
                }
            }
            nearest[b] = (byte) best;
        }

        IndexColorModel model = new IndexColorModel(8, size, red, green, blue);
        BufferedImage indexed = new BufferedImage(image.getWidth(), image.getHeight(),
                BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] data = ((java.awt.image.DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            data[i] = nearest[bucket(pixels[i])];
        }
        return indexed;
    }

    private static int bucket(int rgb) {
        return ((rgb >> 19) & 31) << 10 | ((rgb >> 11) & 31) << 5 | ((rgb >> 3) & 31);
    }
}
