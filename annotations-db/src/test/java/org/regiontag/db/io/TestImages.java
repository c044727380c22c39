package org.regiontag.db.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Real image files for import tests. */
public final class TestImages {

    private TestImages() {
    }

    /** Writes a PNG of the given size (creating folders) and returns its path. */
    public static Path png(Path file, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 31 + y * 17) & 0xffffff);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes bytes that no image reader recognises under an image name. */
    public static Path garbage(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, "this is not an image at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
