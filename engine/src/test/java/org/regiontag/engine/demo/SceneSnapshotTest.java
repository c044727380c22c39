package org.regiontag.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the example images of {@code docs/screenshots/demo-scenes-*.png} to
 * {@code target/demo-snapshots}, for people to review, and checks that each reads back. Mask
 * panels paint each present category's visible mask in its own flat colour, black elsewhere.
 * The larger panels switch the grain off, which otherwise triples the PNG size.
 */
class SceneSnapshotTest {

    private static final Logger LOG = LoggerFactory.getLogger(SceneSnapshotTest.class);
    private static final Path OUTPUT = Path.of("target", "demo-snapshots");
    private static final long SEED = 7;

    private final SceneGenerator generator = new SceneGenerator();

    @Test
    void pretrainingSizeStripIsWritten() throws IOException {
        List<Long> indices = List.of(56L, 52L, 57L, 48L);
        BufferedImage strip = new BufferedImage(indices.size() * 64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = strip.createGraphics();
        try {
            for (int i = 0; i < indices.size(); i++) {
                Scene scene = generator.generate(SEED, indices.get(i));
                LOG.info("Snapshot scene {}: {}", indices.get(i), generator.labels(scene).captionWithColours());
                g.drawImage(generator.render(scene, 64), i * 64, 0, null);
            }
        } finally {
            g.dispose();
        }

        BufferedImage written = writeAndRead(strip, "demo-scenes-64.png");

        assertThat(written.getWidth()).isEqualTo(4 * 64);
        assertThat(distinctColours(written)).as("textured, not flat").isGreaterThan(2_000);
    }

    @Test
    void occlusionExampleWithMasksIsWritten() throws IOException {
        BufferedImage written = writeAndRead(withMasks(48, 192), "demo-scenes-masks.png");

        assertThat(written.getWidth()).isEqualTo(2 * 192);
        assertThat(written.getHeight()).isEqualTo(192);
    }

    @Test
    void clutterExampleWithMasksIsWritten() throws IOException {
        BufferedImage written = writeAndRead(withMasks(60, 192), "demo-scenes-clutter.png");

        assertThat(written.getWidth()).isEqualTo(2 * 192);
    }

    /** Renders the scene without grain and paints its visible masks beside it. */
    private BufferedImage withMasks(long index, int size) {
        Scene scene = withoutGrain(generator.generate(SEED, index));
        SceneLabels labels = generator.labels(scene);
        LOG.info("Snapshot scene {}: {}", index, labels.captionWithColours());

        BufferedImage panel = new BufferedImage(2 * size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = panel.createGraphics();
        try {
            g.drawImage(generator.render(scene, size), 0, 0, null);
        } finally {
            g.dispose();
        }
        for (SceneCategory category : labels.presentCategories()) {
            // Golden-ratio steps in hue keep neighbouring categories apart.
            double hue = category.ordinal() * 0.618034 % 1;
            int colour = Rgb.fromHsv(hue, 0.85, 1).toRgbInt();
            boolean[] mask = labels.visibleMask(category, size);
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    panel.setRGB(size + i % size, i / size, colour);
                }
            }
        }
        return panel;
    }

    private static Scene withoutGrain(Scene scene) {
        Background b = scene.background();
        Background plain = new Background(b.start(), b.end(), b.gradientAngle(), b.noiseCells(), b.noiseAmplitude(),
                b.noiseSeed(), b.stripeColour(), b.stripeAlpha(), b.stripePeriod(), b.stripeAngle(), b.blobs(), 0,
                b.grainSeed());
        return new Scene(scene.seed(), scene.index(), plain, scene.strokes(), scene.objects());
    }

    /** Writes a PNG with the strongest deflate setting and reads it back. */
    private static BufferedImage writeAndRead(BufferedImage image, String name) throws IOException {
        Files.createDirectories(OUTPUT);
        Path file = OUTPUT.resolve(name);
        // An image output stream on a File does not truncate it, so an older, longer file would leave a tail.
        Files.deleteIfExists(file);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        LOG.info("Wrote {} ({} bytes)", file.toAbsolutePath(), Files.size(file));
        return ImageIO.read(file.toFile());
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
