package org.regiontag.db.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageProbeTest {

    @TempDir
    Path dir;

    @Test
    void jpegSizeAndHash() throws IOException {
        Path file = write("photo.jpg", TestImages.jpeg(TestImages.noise(640, 480, 1)));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.OK);
        assertThat(info.width()).isEqualTo(640);
        assertThat(info.height()).isEqualTo(480);
        assertThat(info.orientation()).isEqualTo(1);
        assertThat(info.reason()).isNull();
        assertThat(Files.size(file)).as("file spans several read buffers").isGreaterThan(3 << 16);
        assertThat(info.sha256()).isEqualTo(referenceSha256(file));
        assertThat(ImageProbe.sha256(file)).isEqualTo(referenceSha256(file));
    }

    @ParameterizedTest(name = "orientation {0}, big-endian {1}")
    @CsvSource({"1,true", "2,false", "3,true", "4,false", "5,true", "6,false", "7,true", "8,false",
            "1,false", "2,true", "3,false", "4,true", "5,false", "6,true", "7,false", "8,true"})
    void jpegExifOrientation(int orientation, boolean bigEndian) throws IOException {
        Path file = write("oriented.jpg",
                TestImages.jpegWithOrientation(TestImages.cornerImage(64, 32), orientation, bigEndian));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.OK);
        assertThat(info.orientation()).isEqualTo(orientation);
        assertThat(info.width()).as("stored width").isEqualTo(64);
        assertThat(info.height()).as("stored height").isEqualTo(32);
        assertThat(info.displayWidth()).isEqualTo(orientation >= 5 ? 32 : 64);
        assertThat(info.displayHeight()).isEqualTo(orientation >= 5 ? 64 : 32);
    }

    @Test
    void exifWithBrokenDirectoryMeansUpright() throws IOException {
        byte[] tiff = TestImages.exifTiff(6, true);
        tiff[7] = (byte) 200; // IFD0 offset past the end of the block
        byte[] segment = TestImages.segment(0xE1,
                TestImages.concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff));
        Path file = write("broken-exif.jpg", TestImages.insertAfterSoi(TestImages.jpeg(TestImages.cornerImage(32, 32)),
                segment));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.OK);
        assertThat(info.orientation()).isEqualTo(1);
    }

    @Test
    void exifOrientationOutOfRangeMeansUpright() throws IOException {
        Path file = write("orientation-9.jpg", TestImages.jpegWithOrientation(TestImages.cornerImage(32, 32), 9, false));

        assertThat(ImageProbe.probe(file).orientation()).isEqualTo(1);
    }

    @Test
    void pngExifOrientation() throws IOException {
        byte[] png = TestImages.encode(TestImages.cornerImage(40, 20), "png");
        Path file = write("oriented.png",
                TestImages.insertAfterIhdr(png, TestImages.pngChunk("eXIf", TestImages.exifTiff(6, false))));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.OK);
        assertThat(info.orientation()).isEqualTo(6);
        assertThat(info.displayWidth()).isEqualTo(20);
    }

    @Test
    void progressiveJpegIsWhole() throws IOException {
        Path file = write("progressive.jpg", TestImages.jpeg(TestImages.noise(300, 200, 2), true));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.OK);
        assertThat(info.width()).isEqualTo(300);
    }

    @Test
    void bytesAfterEndOfImageAreAllowed() throws IOException {
        byte[] jpeg = TestImages.jpeg(TestImages.cornerImage(32, 32));
        Path file = write("trailer.jpg", TestImages.concat(jpeg, "camera trailer".getBytes(StandardCharsets.US_ASCII)));

        assertThat(ImageProbe.probe(file).status()).isEqualTo(ImageStatus.OK);
    }

    @Test
    void jpegCutInsideImageData() throws IOException {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(200, 200, 3));
        Path file = write("cut.jpg", TestImages.cut(jpeg, jpeg.length / 2));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("compressed image data", "truncated");
        assertThat(info.width()).as("size from the intact header").isEqualTo(200);
        assertThat(info.sha256()).isEqualTo(referenceSha256(file));
    }

    @Test
    void jpegMissingEndOfImageMarker() throws IOException {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(64, 64, 4));
        Path file = write("no-eoi.jpg", TestImages.cut(jpeg, jpeg.length - 2));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("EOI", "truncated");
    }

    @Test
    void jpegCutInsideHeader() throws IOException {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(64, 64, 5));
        int frame = TestImages.indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
        Path file = write("cut-header.jpg", TestImages.cut(jpeg, frame + 6));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("SOF0 segment", "truncated");
    }

    @Test
    void jpegWithArithmeticCodingIsUnsupported() throws IOException {
        byte[] jpeg = TestImages.jpeg(TestImages.cornerImage(32, 32));
        int frame = TestImages.indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
        jpeg[frame + 1] = (byte) 0xC9;
        Path file = write("arithmetic.jpg", jpeg);

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("arithmetic coding (SOF9)");
    }

    @Test
    void pngCutInsideImageData() throws IOException {
        byte[] png = TestImages.encode(TestImages.noise(200, 200, 6), "png");
        Path file = write("cut.png", TestImages.cut(png, png.length / 2));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("IDAT chunk", "truncated");
        assertThat(info.width()).isEqualTo(200);
    }

    @Test
    void pngMissingEndChunk() throws IOException {
        byte[] png = TestImages.encode(TestImages.cornerImage(32, 32), "png");
        Path file = write("no-iend.png", TestImages.cut(png, png.length - 12));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("without an IEND chunk", "truncated");
    }

    @Test
    void pngWithCorruptImageData() throws IOException {
        byte[] png = TestImages.encode(TestImages.noise(64, 64, 7), "png");
        int data = TestImages.indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII)) + 100;
        png[data] ^= 0x55;
        Path file = write("corrupt.png", png);

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("IDAT", "CRC");
    }

    @Test
    void pngWithWrongEndChunkCrc() throws IOException {
        byte[] png = TestImages.encode(TestImages.cornerImage(16, 16), "png");
        png[png.length - 1] ^= 0x01;
        Path file = write("bad-iend-crc.png", png);

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("IEND", "CRC");
    }

    @Test
    void pngAncillaryChunkCrcIsIgnored() throws IOException {
        byte[] chunk = TestImages.pngChunk("tEXt", "Comment\0hello".getBytes(StandardCharsets.ISO_8859_1));
        chunk[chunk.length - 1] ^= 0x01;
        byte[] png = TestImages.insertAfterIhdr(TestImages.encode(TestImages.cornerImage(16, 16), "png"), chunk);
        Path file = write("bad-text-crc.png", png);

        assertThat(ImageProbe.probe(file).status()).isEqualTo(ImageStatus.OK);
    }

    @Test
    void pngDeclaringHugeSizeIsRefused() throws IOException {
        Path file = write("bomb.png", TestImages.pngDeclaring(100_000, 100_000));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("declares 100000×100000 pixels", "limit of 30000 pixels per side",
                "100 megapixels");
        assertThat(info.width()).isEqualTo(100_000);
        assertThat(info.sha256()).isEqualTo(referenceSha256(file));
    }

    @Test
    void jpegDeclaringHugeSizeIsRefused() throws IOException {
        byte[] jpeg = TestImages.jpeg(TestImages.cornerImage(16, 16));
        int frame = TestImages.indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
        jpeg[frame + 5] = (byte) 0xFD; // height 0xFDE8 = 65000
        jpeg[frame + 6] = (byte) 0xE8;
        jpeg[frame + 7] = (byte) 0xFD; // width 65000
        jpeg[frame + 8] = (byte) 0xE8;
        Path file = write("bomb.jpg", jpeg);

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("declares 65000×65000 pixels");
    }

    @Test
    void pixelLimitAppliesWithinSideLimit() throws IOException {
        Path file = write("wide.png", TestImages.encode(TestImages.cornerImage(200, 100), "png"));

        ImageInfo withinSide = ImageProbe.probe(file, new ImageLimits(10_000, 1_000));
        ImageInfo aboveSide = ImageProbe.probe(file, new ImageLimits(1_000_000, 150));

        assertThat(withinSide.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(withinSide.reason()).contains("declares 200×100 pixels");
        assertThat(aboveSide.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(ImageProbe.probe(file, new ImageLimits(20_000, 200)).status()).isEqualTo(ImageStatus.OK);
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write("empty.jpg", new byte[0]);

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).isEqualTo("the file is empty (0 bytes)");
        assertThat(info.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void textFileNamedJpeg() throws IOException {
        Path file = write("notes.jpg", "hello, this is not an image\n".getBytes(StandardCharsets.US_ASCII));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("not a JPEG, PNG, GIF, BMP, WebP or TIFF image",
                "68 65 6C 6C 6F 2C 20 74");
        assertThat(info.width()).isZero();
    }

    @Test
    void missingFile() {
        ImageInfo info = ImageProbe.probe(dir.resolve("absent.jpg"));

        assertThat(info.status()).isEqualTo(ImageStatus.MISSING);
        assertThat(info.reason()).isEqualTo("file not found");
        assertThat(info.sha256()).isNull();
    }

    @Test
    void directoryIsMissing() throws IOException {
        ImageInfo info = ImageProbe.probe(Files.createDirectory(dir.resolve("folder.jpg")));

        assertThat(info.status()).isEqualTo(ImageStatus.MISSING);
        assertThat(info.reason()).startsWith("not a regular file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"with spaces/a photo.jpg", "Ünïcödé/写真 – ok.jpg"})
    void unusualPaths(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, TestImages.jpeg(TestImages.cornerImage(48, 16)));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.OK);
        assertThat(info.width()).isEqualTo(48);
    }

    @Test
    void gifBmpAndTiffSizes() throws IOException {
        BufferedImage image = TestImages.cornerImage(48, 24);
        BufferedImage indexed = new BufferedImage(48, 24, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.createGraphics().drawImage(image, 0, 0, null);

        for (Path file : new Path[] {write("a.gif", TestImages.encode(indexed, "gif")),
                write("a.bmp", TestImages.encode(image, "bmp")), write("a.tif", TestImages.encode(image, "tiff")),
                write("b.tif", TestImages.tiff(image, 1, true))}) {
            ImageInfo info = ImageProbe.probe(file);
            assertThat(info.status()).as(file.toString()).isEqualTo(ImageStatus.OK);
            assertThat(info.width()).as(file.toString()).isEqualTo(48);
            assertThat(info.height()).as(file.toString()).isEqualTo(24);
        }
    }

    @ParameterizedTest(name = "big-endian {0}")
    @ValueSource(booleans = {true, false})
    void tiffOrientation(boolean bigEndian) throws IOException {
        Path file = write("oriented.tif", TestImages.tiff(TestImages.cornerImage(48, 24), 8, bigEndian));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.OK);
        assertThat(info.orientation()).isEqualTo(8);
        assertThat(info.width()).isEqualTo(48);
    }

    @Test
    void cutGifBmpAndTiff() throws IOException {
        BufferedImage image = TestImages.noise(64, 64, 8);
        BufferedImage indexed = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.createGraphics().drawImage(image, 0, 0, null);
        byte[] gif = TestImages.encode(indexed, "gif");
        byte[] bmp = TestImages.encode(image, "bmp");
        byte[] tiff = TestImages.tiff(image, 1, false);

        ImageInfo cutGif = ImageProbe.probe(write("cut.gif", TestImages.cut(gif, gif.length / 2)));
        ImageInfo cutBmp = ImageProbe.probe(write("cut.bmp", TestImages.cut(bmp, bmp.length - 1)));
        ImageInfo cutTiff = ImageProbe.probe(write("cut.tif", TestImages.cut(tiff, tiff.length / 2)));

        assertThat(cutGif.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(cutGif.reason()).contains("GIF ends inside its image data", "truncated");
        assertThat(cutBmp.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(cutBmp.reason()).contains("BMP pixel data needs", "truncated");
        assertThat(cutTiff.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(cutTiff.reason()).contains("TIFF image directory");
    }

    @Test
    void webpSizesAndOrientation() throws IOException {
        ImageInfo lossy = ImageProbe.probe(copyResource("lossy.webp"));
        ImageInfo lossless = ImageProbe.probe(copyResource("lossless.webp"));
        ImageInfo oriented = ImageProbe.probe(copyResource("lossless-orientation-6.webp"));

        for (ImageInfo info : new ImageInfo[] {lossy, lossless, oriented}) {
            assertThat(info.status()).isEqualTo(ImageStatus.OK);
            assertThat(info.width()).isEqualTo(40);
            assertThat(info.height()).isEqualTo(24);
        }
        assertThat(lossy.orientation()).isEqualTo(1);
        assertThat(oriented.orientation()).isEqualTo(6);
    }

    @Test
    void cutWebp() throws IOException {
        byte[] webp = Files.readAllBytes(copyResource("lossy.webp"));
        Path file = write("cut.webp", TestImages.cut(webp, webp.length - 10));

        ImageInfo info = ImageProbe.probe(file);

        assertThat(info.status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(info.reason()).contains("WebP declares 136 bytes but the file has 126", "truncated");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path copyResource(String name) throws IOException {
        try (InputStream in = ImageProbeTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    /** SHA-256 of the whole file read at once, independent of the probe's streaming read. */
    static String referenceSha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
