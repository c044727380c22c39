package org.regiontag.db.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Probes and decodes the real photographs and odd files of the shared datasets folder: VOC and COCO
 * samples, and CMYK, EXIF-rotated and grey-with-alpha files taken from other projects' tests.
 */
@Tag("shared-data")
class SharedImagesTest {

    private Path datasets;
    private Path oddInputs;

    private final ImageDecoder decoder = new ImageDecoder();

    @BeforeEach
    void findSharedDatasets() {
        String shared = System.getProperty("regiontag.shared.dir");
        assumeTrue(shared != null, "system property regiontag.shared.dir is not set; skipping shared-data tests");
        datasets = Path.of(shared, "datasets");
        assumeTrue(Files.isDirectory(datasets), datasets + " is absent; skipping shared-data tests");
        oddInputs = datasets.resolve("odd-inputs");
    }

    @Test
    void everySharedImageProbesAndDecodes() throws IOException, ImageDecodeException {
        List<Path> images = new ArrayList<>();
        for (String folder : List.of("voc-sample", "coco-sample", "odd-inputs")) {
            images.addAll(imagesUnder(datasets.resolve(folder)));
        }
        assertThat(images).as("images in the shared datasets").hasSizeGreaterThan(240);

        for (Path file : images) {
            ImageInfo info = ImageProbe.probe(file);
            assertThat(info.status()).as("%s: %s", file, info.reason()).isEqualTo(ImageStatus.OK);
            assertThat(info.sha256()).as(file.toString()).isEqualTo(ImageProbeTest.referenceSha256(file));

            BufferedImage image = decoder.decode(file);
            assertThat(image.getWidth()).as("%s upright width", file).isEqualTo(info.displayWidth());
            assertThat(image.getHeight()).as("%s upright height", file).isEqualTo(info.displayHeight());

            BufferedImage thumbnail = decoder.decode(file, 64);
            assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight())).as(file.toString()).isEqualTo(64);
        }
    }

    /** A 100 × 100 CMYK JPEG stored as Adobe YCCK: the word "RED" in red on black. */
    @Test
    void cmykSampleIsRedOnBlack() throws ImageDecodeException {
        Path file = oddInputs.resolve("python-pillow+Pillow/Tests/images/pil_sample_cmyk.jpg");

        BufferedImage image = decoder.decode(file);

        assertThat(image.getWidth()).isEqualTo(100);
        int dark = 0;
        int red = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color colour = new Color(image.getRGB(x, y));
                if (colour.getRed() < 40 && colour.getGreen() < 40 && colour.getBlue() < 40) {
                    dark++;
                } else if (colour.getRed() > 200 && colour.getGreen() < 80 && colour.getBlue() < 80) {
                    red++;
                }
            }
        }
        assertThat(dark).as("dark background pixels of 10,000").isGreaterThan(7_000);
        assertThat(red).as("red letter pixels of 10,000").isGreaterThan(500);
    }

    /** Both files contain the same portrait, stored turned by 90° (orientation 6) and by 180° (3). */
    @Test
    void rotatedPortraitsDecodeAlike() throws IOException, ImageDecodeException {
        Path images = oddInputs.resolve("python-pillow+Pillow/Tests/images");
        Path turned90 = images.resolve("hopper_orientation_6.jpg");
        Path turned180 = images.resolve("hopper_orientation_3.jpg");

        assertThat(ImageProbe.probe(turned90).orientation()).isEqualTo(6);
        assertThat(ImageProbe.probe(turned180).orientation()).isEqualTo(3);
        BufferedImage upright90 = decoder.decode(turned90);
        BufferedImage upright180 = decoder.decode(turned180);

        double storedDifference = meanAbsoluteDifference(ImageIO.read(turned90.toFile()),
                ImageIO.read(turned180.toFile()));
        assertThat(storedDifference).as("stored pixels differ, so the check below means something")
                .isGreaterThan(40);
        assertThat(meanAbsoluteDifference(upright90, upright180)).as("upright pixels agree up to JPEG loss")
                .isLessThan(8);
    }

    /** A photo stored as 400 × 300 with orientation 6, so it displays as 300 × 400. */
    @Test
    void catPhotoTurnsClockwise() throws IOException, ImageDecodeException {
        Path file = oddInputs.resolve("open-mmlab+mmcv/tests/data/color_exif.jpg");

        ImageInfo info = ImageProbe.probe(file);
        BufferedImage upright = decoder.decode(file);

        assertThat(info.orientation()).isEqualTo(6);
        assertThat(info.width()).isEqualTo(400);
        assertThat(info.height()).isEqualTo(300);
        assertThat(upright.getWidth()).isEqualTo(300);
        assertThat(upright.getHeight()).isEqualTo(400);
        BufferedImage stored = ImageIO.read(file.toFile());
        AffineTransform clockwise = new AffineTransform(0, 1, -1, 0, stored.getHeight(), 0);
        BufferedImage reference = new BufferedImage(300, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = reference.createGraphics();
        graphics.drawImage(stored, clockwise, null);
        graphics.dispose();
        assertThat(meanAbsoluteDifference(upright, reference)).as("against Java2D's 90° rotation").isLessThan(1);
    }

    /** An 8-bit grey and alpha PNG of 500 × 400 with fully and partly transparent pixels. */
    @Test
    void greyAlphaPhotoCompositesOverWhite() throws IOException, ImageDecodeException {
        Path file = oddInputs.resolve("open-mmlab+mmcv/tests/data/gray_alpha.png");

        BufferedImage image = decoder.decode(file);

        assertThat(image.getWidth()).isEqualTo(500);
        assertThat(image.getHeight()).isEqualTo(400);
        Raster raw = ImageIO.read(file.toFile()).getRaster();
        assertThat(raw.getNumBands()).as("grey and alpha bands").isEqualTo(2);
        double totalError = 0;
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 500; x++) {
                double alpha = raw.getSample(x, y, 1) / 255.0;
                double expected = raw.getSample(x, y, 0) * alpha + 255 * (1 - alpha);
                Color colour = new Color(image.getRGB(x, y));
                assertThat(colour.getRed()).isEqualTo(colour.getGreen()).isEqualTo(colour.getBlue());
                totalError += Math.abs(colour.getRed() - expected);
            }
        }
        assertThat(totalError / (500 * 400)).as("mean error against alpha compositing").isLessThan(0.6);
    }

    /** A COCO photo stored as a one-component (greyscale) JPEG. */
    @Test
    void greyscaleCocoPhotoStaysGrey() throws ImageDecodeException {
        Path file = datasets.resolve("coco-sample/coco128/images/train2017/000000000086.jpg");

        BufferedImage image = decoder.decode(file);

        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color colour = new Color(image.getRGB(x, y));
                if (colour.getRed() != colour.getGreen() || colour.getGreen() != colour.getBlue()) {
                    coloured++;
                }
            }
        }
        assertThat(coloured).isZero();
    }

    static List<Path> imagesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(SharedImagesTest::isImageName).sorted().toList();
        }
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    /** Mean absolute difference over the red, green and blue channels of two images of one size. */
    private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight()).isEqualTo(a.getHeight());
        long total = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                Color first = new Color(a.getRGB(x, y));
                Color second = new Color(b.getRGB(x, y));
                total += Math.abs(first.getRed() - second.getRed()) + Math.abs(first.getGreen() - second.getGreen())
                        + Math.abs(first.getBlue() - second.getBlue());
            }
        }
        return total / (3.0 * a.getWidth() * a.getHeight());
    }
}
