package org.regiontag.db.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageTypeSpecifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    /** JPEG at quality 0.95 keeps flat 16-pixel blocks within this of their colour per channel. */
    private static final int JPEG_TOLERANCE = 12;
    private static final int GREY_LEVEL_128 = 0x808080;

    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder();

    /**
     * Where each stored corner of {@link TestImages#cornerImage} must appear upright, from the EXIF
     * definition of each orientation: which upright edge stored row 0 is, and which upright edge
     * stored column 0 is.
     */
    @ParameterizedTest(name = "orientation {0}: row 0 is {1}, column 0 is {2}")
    @CsvSource({"1,top,left", "2,top,right", "3,bottom,right", "4,bottom,left",
            "5,left,top", "6,right,top", "7,right,bottom", "8,left,bottom"})
    void appliesExifOrientation(int orientation, String row0Edge, String column0Edge)
            throws IOException, ImageDecodeException {
        int storedWidth = 64;
        int storedHeight = 32;
        Path file = write("oriented.jpg",
                TestImages.jpegWithOrientation(TestImages.cornerImage(storedWidth, storedHeight), orientation, true));

        BufferedImage upright = decoder.decode(file);

        assertThat(upright.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        boolean swapped = orientation >= 5;
        assertThat(upright.getWidth()).isEqualTo(swapped ? storedHeight : storedWidth);
        assertThat(upright.getHeight()).isEqualTo(swapped ? storedWidth : storedHeight);
        // Stored (0, 0) is on row 0 and column 0. The stored top right is on row 0 and the last
        // column, and the stored bottom left is on the last row and column 0.
        assertColour(upright, corner(upright, row0Edge, column0Edge), TestImages.RED, JPEG_TOLERANCE);
        assertColour(upright, corner(upright, row0Edge, opposite(column0Edge)), TestImages.GREEN, JPEG_TOLERANCE);
        assertColour(upright, corner(upright, opposite(row0Edge), column0Edge), TestImages.BLUE, JPEG_TOLERANCE);
        assertColour(upright, corner(upright, opposite(row0Edge), opposite(column0Edge)), TestImages.GREY,
                JPEG_TOLERANCE);
    }

    @Test
    void tiffOrientationApplies() throws IOException, ImageDecodeException {
        Path file = write("oriented.tif", TestImages.tiff(TestImages.cornerImage(64, 32), 6, false));

        BufferedImage upright = decoder.decode(file);

        assertThat(upright.getWidth()).isEqualTo(32);
        assertThat(upright.getHeight()).isEqualTo(64);
        assertColour(upright, corner(upright, "right", "top"), TestImages.RED, 0);
        assertColour(upright, corner(upright, "right", "bottom"), TestImages.GREEN, 0);
        assertColour(upright, corner(upright, "left", "top"), TestImages.BLUE, 0);
    }

    @Test
    void pngExifOrientationApplies() throws IOException, ImageDecodeException {
        byte[] png = TestImages.encode(TestImages.cornerImage(64, 32), "png");
        Path file = write("oriented.png",
                TestImages.insertAfterIhdr(png, TestImages.pngChunk("eXIf", TestImages.exifTiff(8, true))));

        BufferedImage upright = decoder.decode(file);

        assertThat(upright.getWidth()).isEqualTo(32);
        assertColour(upright, corner(upright, "left", "bottom"), TestImages.RED, 0);
    }

    /**
     * Blocks of single inks must come out as the ink's colour: with Adobe's inverted storage
     * misread, white paper turns black and cyan turns red.
     */
    @ParameterizedTest(name = "YCCK {0}")
    @ValueSource(booleans = {false, true})
    void adobeCmykJpegColours(boolean ycck) throws IOException, ImageDecodeException {
        int[][][] inks = {
            {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}},
            {{0, 0, 0, 255}, {0, 0, 0, 0}, {0, 255, 255, 0}},
        };
        Path file = write(ycck ? "ycck.jpg" : "cmyk.jpg", TestImages.adobeCmykJpeg(inks, 32, ycck));

        assertThat(ImageProbe.probe(file).status()).isEqualTo(ImageStatus.OK);
        BufferedImage image = decoder.decode(file);

        assertThat(image.getWidth()).isEqualTo(96);
        assertThat(image.getHeight()).isEqualTo(64);
        Color cyan = new Color(image.getRGB(16, 16));
        Color magenta = new Color(image.getRGB(48, 16));
        Color yellow = new Color(image.getRGB(80, 16));
        Color black = new Color(image.getRGB(16, 48));
        Color white = new Color(image.getRGB(48, 48));
        Color red = new Color(image.getRGB(80, 48));
        assertThat(cyan.getRed()).as("cyan's red").isLessThan(80);
        assertThat(cyan.getGreen()).as("cyan's green").isGreaterThan(140);
        assertThat(cyan.getBlue()).as("cyan's blue").isGreaterThan(180);
        assertThat(magenta.getRed()).as("magenta's red").isGreaterThan(180);
        assertThat(magenta.getGreen()).as("magenta's green").isLessThan(80);
        assertThat(magenta.getBlue()).as("magenta's blue").isGreaterThan(100);
        assertThat(yellow.getRed()).as("yellow's red").isGreaterThan(200);
        assertThat(yellow.getGreen()).as("yellow's green").isGreaterThan(200);
        assertThat(yellow.getBlue()).as("yellow's blue").isLessThan(80);
        assertThat(max(black)).as("black's brightest channel").isLessThan(60);
        assertThat(min(white)).as("white's darkest channel").isGreaterThan(220);
        assertThat(red.getRed()).as("red's red").isGreaterThan(180);
        assertThat(Math.max(red.getGreen(), red.getBlue())).as("red's green and blue").isLessThan(80);

        BufferedImage thumbnail = decoder.decode(file, 24);
        assertThat(thumbnail.getWidth()).as("subsampled by 4").isEqualTo(24);
        for (int row = 0; row < 2; row++) {
            for (int column = 0; column < 3; column++) {
                int full = image.getRGB(32 * column + 16, 32 * row + 16);
                assertColour(thumbnail, new Point(8 * column + 4, 8 * row + 4), full, JPEG_TOLERANCE);
            }
        }
    }

    @Test
    void sixteenBitGreyScalesWithRounding() throws IOException, ImageDecodeException {
        int[] levels = {0, 1, 128, 129, 200, 257, 1000, 32767, 32768, 40000, 65279, 65534, 65535};
        BufferedImage grey = new BufferedImage(levels.length, 1, BufferedImage.TYPE_USHORT_GRAY);
        for (int x = 0; x < levels.length; x++) {
            grey.getRaster().setSample(x, 0, 0, levels[x]);
        }
        Path file = write("grey16.png", TestImages.encode(grey, "png"));

        BufferedImage image = decoder.decode(file);

        for (int x = 0; x < levels.length; x++) {
            int expected = (int) Math.round(levels[x] * 255.0 / 65535.0);
            assertThat(image.getRGB(x, 0) & 0xFFFFFF).as("level %d", levels[x])
                    .isEqualTo(expected << 16 | expected << 8 | expected);
        }
    }

    @Test
    void sixteenBitRgbScalesWithRounding() throws IOException, ImageDecodeException {
        ImageTypeSpecifier type = ImageTypeSpecifier.createInterleaved(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {0, 1, 2}, DataBuffer.TYPE_USHORT, false, false);
        BufferedImage rgb = type.createBufferedImage(3, 1);
        int[][] samples = {{65535, 0, 32768}, {257, 12345, 65280}, {100, 200, 60000}};
        for (int x = 0; x < samples.length; x++) {
            rgb.getRaster().setPixel(x, 0, samples[x]);
        }
        Path file = write("rgb16.png", TestImages.encode(rgb, "png"));

        BufferedImage image = decoder.decode(file);

        for (int x = 0; x < samples.length; x++) {
            Color colour = new Color(image.getRGB(x, 0));
            assertThat(colour.getRed()).isEqualTo((int) Math.round(samples[x][0] * 255.0 / 65535.0));
            assertThat(colour.getGreen()).isEqualTo((int) Math.round(samples[x][1] * 255.0 / 65535.0));
            assertThat(colour.getBlue()).isEqualTo((int) Math.round(samples[x][2] * 255.0 / 65535.0));
        }
    }

    /** Java2D treats its built-in grey space as linear and would turn 128 into 188. */
    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg"})
    void greyLevelsAreNotGammaCorrected(String format) throws IOException, ImageDecodeException {
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                grey.getRaster().setSample(x, y, 0, 128);
            }
        }
        Path file = write("grey." + format, format.equals("png") ? TestImages.encode(grey, "png")
                : TestImages.jpeg(grey));

        BufferedImage image = decoder.decode(file);

        assertColour(image, new Point(8, 8), GREY_LEVEL_128, 2);
    }

    @Test
    void greyWithAlphaCompositesOverBackground() throws IOException, ImageDecodeException {
        ImageTypeSpecifier type = ImageTypeSpecifier.createInterleaved(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                new int[] {0, 1}, DataBuffer.TYPE_BYTE, true, false);
        BufferedImage greyAlpha = type.createBufferedImage(4, 1);
        int[][] pixels = {{0, 255}, {0, 0}, {100, 128}, {200, 64}};
        for (int x = 0; x < pixels.length; x++) {
            greyAlpha.getRaster().setPixel(x, 0, pixels[x]);
        }
        Path file = write("grey-alpha.png", TestImages.encode(greyAlpha, "png"));

        BufferedImage overWhite = decoder.decode(file);
        BufferedImage overBlack = new ImageDecoder(ImageLimits.DEFAULT, 0x000000).decode(file);

        for (int x = 0; x < pixels.length; x++) {
            double alpha = pixels[x][1] / 255.0;
            int expectedOverWhite = (int) Math.round(pixels[x][0] * alpha + 255 * (1 - alpha));
            int expectedOverBlack = (int) Math.round(pixels[x][0] * alpha);
            assertColour(overWhite, new Point(x, 0), grey(expectedOverWhite), 1);
            assertColour(overBlack, new Point(x, 0), grey(expectedOverBlack), 1);
        }
    }

    @Test
    void rgbaCompositesOverWhite() throws IOException, ImageDecodeException {
        BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0x80FF0000);
        rgba.setRGB(1, 0, 0x000000FF);
        Path file = write("rgba.png", TestImages.encode(rgba, "png"));

        BufferedImage image = decoder.decode(file);

        assertColour(image, new Point(0, 0), 0xFF7F7F, 1);
        assertColour(image, new Point(1, 0), 0xFFFFFF, 0);
    }

    @Test
    void paletteWithTransparentEntry() throws IOException, ImageDecodeException {
        byte[] reds = {(byte) 255, 0, 0};
        byte[] greens = {0, (byte) 255, 0};
        byte[] blues = {0, 0, (byte) 255};
        byte[] alphas = {(byte) 255, (byte) 255, 0};
        IndexColorModel palette = new IndexColorModel(2, 3, reds, greens, blues, alphas);
        BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        WritableRaster raster = indexed.getRaster();
        raster.setSample(0, 0, 0, 0);
        raster.setSample(1, 0, 0, 1);
        raster.setSample(2, 0, 0, 2);
        Path png = write("palette.png", TestImages.encode(indexed, "png"));
        Path gif = write("palette.gif", TestImages.encode(indexed, "gif"));

        for (Path file : List.of(png, gif)) {
            BufferedImage image = decoder.decode(file);
            assertColour(image, new Point(0, 0), TestImages.RED, 0);
            assertColour(image, new Point(1, 0), TestImages.GREEN, 0);
            assertColour(image, new Point(2, 0), 0xFFFFFF, 0);
        }
    }

    /** A linear-light profile makes a stored 128 mean 50 % intensity, which sRGB encodes as 188. */
    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg"})
    void embeddedIccProfileIsApplied(String format) throws IOException, ImageDecodeException {
        BufferedImage flat = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = flat.createGraphics();
        graphics.setColor(new Color(GREY_LEVEL_128));
        graphics.fillRect(0, 0, 16, 16);
        graphics.dispose();
        byte[] linear = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        byte[] bytes = format.equals("png")
                ? TestImages.insertAfterIhdr(TestImages.encode(flat, "png"), TestImages.iccpChunk(linear))
                : TestImages.insertAfterSoi(TestImages.jpeg(flat), TestImages.iccSegment(linear));
        Path file = write("linear." + format, bytes);

        BufferedImage image = decoder.decode(file);

        double intensity = 128 / 255.0;
        int expected = (int) Math.round(255 * (1.055 * Math.pow(intensity, 1 / 2.4) - 0.055));
        assertColour(image, new Point(8, 8), grey(expected), 3);
    }

    @Test
    void invalidIccProfileIsIgnored() throws IOException, ImageDecodeException {
        byte[] notAProfile = "this is not an ICC profile".getBytes(StandardCharsets.US_ASCII);
        byte[] png = TestImages.insertAfterIhdr(TestImages.encode(TestImages.cornerImage(32, 32), "png"),
                TestImages.iccpChunk(notAProfile));
        Path file = write("bad-profile.png", png);

        BufferedImage image = decoder.decode(file);

        assertColour(image, new Point(4, 4), TestImages.RED, 0);
        assertColour(image, new Point(20, 20), TestImages.GREY, 0);
    }

    @Test
    void progressiveJpegMatchesBaseline() throws IOException, ImageDecodeException {
        BufferedImage source = TestImages.cornerImage(64, 48);
        BufferedImage baseline = decoder.decode(write("baseline.jpg", TestImages.jpeg(source, false)));
        BufferedImage progressive = decoder.decode(write("progressive.jpg", TestImages.jpeg(source, true)));

        assertThat(progressive.getWidth()).isEqualTo(64);
        for (Point point : List.of(new Point(8, 8), new Point(56, 8), new Point(8, 40), new Point(32, 24))) {
            assertColour(progressive, point, baseline.getRGB(point.x, point.y), 4);
        }
    }

    @Test
    void gifBmpTiffAndWebp() throws IOException, ImageDecodeException {
        BufferedImage source = TestImages.cornerImage(48, 32);
        for (String format : List.of("bmp", "tiff")) {
            BufferedImage image = decoder.decode(write("corners." + format, TestImages.encode(source, format)));
            assertThat(image.getWidth()).as(format).isEqualTo(48);
            assertColour(image, new Point(4, 4), TestImages.RED, 0);
            assertColour(image, new Point(44, 4), TestImages.GREEN, 0);
            assertColour(image, new Point(4, 28), TestImages.BLUE, 0);
        }

        BufferedImage lossless = decoder.decode(copyResource("lossless.webp"));
        BufferedImage lossy = decoder.decode(copyResource("lossy.webp"));
        for (BufferedImage image : List.of(lossless, lossy)) {
            assertThat(image.getWidth()).isEqualTo(40);
            assertColour(image, new Point(5, 12), TestImages.RED, 20);
            assertColour(image, new Point(35, 12), TestImages.BLUE, 20);
        }
    }

    @Test
    void webpExifOrientationApplies() throws IOException, ImageDecodeException {
        BufferedImage image = decoder.decode(copyResource("lossless-orientation-6.webp"));

        assertThat(image.getWidth()).isEqualTo(24);
        assertThat(image.getHeight()).isEqualTo(40);
        // Orientation 6 turns the stored left half (red) to the upright top.
        assertColour(image, new Point(12, 5), TestImages.RED, 0);
        assertColour(image, new Point(12, 35), TestImages.BLUE, 0);
    }

    @Test
    void subsampledDecodeFitsMaxSide() throws IOException, ImageDecodeException {
        BufferedImage large = TestImages.cornerImage(3000, 2000);
        Graphics2D graphics = large.createGraphics();
        graphics.setColor(Color.RED);
        graphics.fillRect(0, 0, 1000, 1000);
        graphics.setColor(Color.BLUE);
        graphics.fillRect(2000, 1000, 1000, 1000);
        graphics.dispose();
        Path file = write("large.jpg", TestImages.jpegWithOrientation(large, 6, false));

        BufferedImage thumbnail = decoder.decode(file, 256);

        assertThat(thumbnail.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(thumbnail.getHeight()).isEqualTo(256);
        assertThat(thumbnail.getWidth()).isEqualTo(171);
        // Orientation 6: the stored top-left red square is at the upright top right, the stored
        // bottom-right blue square at the upright bottom left.
        assertColour(thumbnail, new Point(150, 20), TestImages.RED, JPEG_TOLERANCE);
        assertColour(thumbnail, new Point(20, 236), TestImages.BLUE, JPEG_TOLERANCE);
        assertColour(thumbnail, new Point(85, 128), TestImages.GREY, JPEG_TOLERANCE);
    }

    @Test
    void smallImageIsNotEnlarged() throws IOException, ImageDecodeException {
        Path file = write("small.png", TestImages.encode(TestImages.cornerImage(40, 20), "png"));

        BufferedImage image = decoder.decode(file, 256);

        assertThat(image.getWidth()).isEqualTo(40);
        assertThat(image.getHeight()).isEqualTo(20);
    }

    @Test
    void truncatedJpegThrows() throws IOException {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(128, 128, 9));
        Path file = write("cut.jpg", TestImages.cut(jpeg, jpeg.length / 2));

        assertThatThrownBy(() -> decoder.decode(file))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated")
                .satisfies(e -> assertThat(((ImageDecodeException) e).reason())
                        .isEqualTo(ImageProbe.probe(file).reason()));
    }

    @Test
    void truncatedPngThrows() throws IOException {
        byte[] png = TestImages.encode(TestImages.noise(128, 128, 10), "png");
        Path file = write("cut.png", TestImages.cut(png, png.length - 100));

        assertThatThrownBy(() -> decoder.decode(file, 64))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("IDAT chunk")
                .hasMessageContaining("truncated");
    }

    @Test
    void bombIsRefusedBeforeDecoding() throws IOException {
        Path file = write("bomb.png", TestImages.pngDeclaring(100_000, 100_000));

        // Without the guard, ImageIO would try to allocate 30 GB and fail with another message.
        assertThatThrownBy(() -> decoder.decode(file))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("declares 100000×100000 pixels, above the limit");
        assertThatThrownBy(() -> decoder.decode(file, 64))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("declares 100000×100000 pixels, above the limit");
    }

    @Test
    void emptyTextAndMissingFilesThrow() throws IOException {
        Path empty = write("empty.png", new byte[0]);
        Path text = write("readme.jpg", "plain text".getBytes(StandardCharsets.US_ASCII));
        Path missing = dir.resolve("missing.jpg");

        assertThatThrownBy(() -> decoder.decode(empty)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> decoder.decode(text)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("not a JPEG, PNG, GIF, BMP, WebP or TIFF image");
        assertThatThrownBy(() -> decoder.decode(missing)).isInstanceOf(ImageDecodeException.class)
                .hasMessage("Cannot decode image " + missing + ": file not found. "
                        + "Replace the file or leave it out of the dataset.");
    }

    @Test
    void corruptDataInsideWholeFileThrows() throws IOException {
        byte[] png = TestImages.encode(TestImages.noise(64, 64, 11), "png");
        int data = TestImages.indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII)) + 4;
        byte[] garbage = TestImages.deflate(new byte[10]);
        byte[] idat = TestImages.pngChunk("IDAT", garbage);
        byte[] corrupt = TestImages.concat(TestImages.cut(png, data - 8), idat,
                TestImages.pngChunk("IEND", new byte[0]));
        Path file = write("short-idat.png", corrupt);

        assertThat(ImageProbe.probe(file).status()).as("structure is valid").isEqualTo(ImageStatus.OK);
        assertThatThrownBy(() -> decoder.decode(file))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("the decoder failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"with spaces/a photo.jpg", "Ünïcödé/写真 – ok.png"})
    void unusualPaths(String name) throws IOException, ImageDecodeException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        BufferedImage source = TestImages.cornerImage(48, 32);
        Files.write(file, name.endsWith(".png") ? TestImages.encode(source, "png") : TestImages.jpeg(source));

        BufferedImage image = decoder.decode(file);

        assertThat(image.getWidth()).isEqualTo(48);
        assertColour(image, new Point(4, 4), TestImages.RED, JPEG_TOLERANCE);
    }

    @Test
    void concurrentDecodesMatchSequentialOnes() throws Exception {
        List<Path> files = List.of(
                write("c1.jpg", TestImages.jpegWithOrientation(TestImages.cornerImage(64, 32), 6, true)),
                write("c2.jpg", TestImages.adobeCmykJpeg(new int[][][] {{{255, 0, 0, 0}, {0, 0, 0, 0}}}, 16, true)),
                write("c3.png", TestImages.encode(TestImages.noise(50, 40, 12), "png")),
                write("c4.gif", TestImages.encode(new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_INDEXED), "gif")));
        List<int[]> expected = new ArrayList<>();
        for (Path file : files) {
            expected.add(pixels(decoder.decode(file)));
        }

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (Path file : files) {
                    results.add(pool.submit(() -> pixels(decoder.decode(file))));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).as("decode %d", i).isEqualTo(expected.get(i % files.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path copyResource(String name) throws IOException {
        try (InputStream in = ImageDecoderTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    /** A point 8 pixels inside the corner where two upright edges meet. */
    private static Point corner(BufferedImage image, String edgeA, String edgeB) {
        int x = -1;
        int y = -1;
        for (String edge : List.of(edgeA, edgeB)) {
            switch (edge) {
                case "left" -> x = 8;
                case "right" -> x = image.getWidth() - 9;
                case "top" -> y = 8;
                case "bottom" -> y = image.getHeight() - 9;
                default -> throw new IllegalArgumentException(edge);
            }
        }
        assertThat(x).as("edges %s and %s meet at a corner", edgeA, edgeB).isNotNegative();
        assertThat(y).as("edges %s and %s meet at a corner", edgeA, edgeB).isNotNegative();
        return new Point(x, y);
    }

    private static String opposite(String edge) {
        return switch (edge) {
            case "left" -> "right";
            case "right" -> "left";
            case "top" -> "bottom";
            default -> "top";
        };
    }

    private static int grey(int level) {
        return level << 16 | level << 8 | level;
    }

    private static int max(Color colour) {
        return Math.max(colour.getRed(), Math.max(colour.getGreen(), colour.getBlue()));
    }

    private static int min(Color colour) {
        return Math.min(colour.getRed(), Math.min(colour.getGreen(), colour.getBlue()));
    }

    private static void assertColour(BufferedImage image, Point point, int expectedRgb, int tolerance) {
        Color actual = new Color(image.getRGB(point.x, point.y));
        Color expected = new Color(expectedRgb);
        String description = String.format("pixel (%d, %d) is %06X, expected %06X ± %d", point.x, point.y,
                actual.getRGB() & 0xFFFFFF, expectedRgb & 0xFFFFFF, tolerance);
        assertThat(Math.abs(actual.getRed() - expected.getRed())).as(description).isLessThanOrEqualTo(tolerance);
        assertThat(Math.abs(actual.getGreen() - expected.getGreen())).as(description).isLessThanOrEqualTo(tolerance);
        assertThat(Math.abs(actual.getBlue() - expected.getBlue())).as(description).isLessThanOrEqualTo(tolerance);
    }
}
