package org.regiontag.db.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cut and corrupted copies of small valid files: the probe reports them, the decoder rejects them. */
class DamagedFilesTest {

    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder();

    /** Checks every cut, which each format except GIF reveals by an end marker or a declared length. */
    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "progressive-jpeg", "png", "bmp", "tiff", "webp", "exif-jpeg"})
    void everyCutIsDamaged(String kind) throws IOException {
        byte[] whole = smallFile(kind);
        Path file = dir.resolve("cut");
        assertThat(ImageProbe.probe(Files.write(file, whole)).status()).as("the whole file").isEqualTo(ImageStatus.OK);

        for (int length = 0; length < whole.length; length++) {
            Files.write(file, TestImages.cut(whole, length));

            ImageInfo info = ImageProbe.probe(file);

            assertThat(info.status()).as("%s cut to %d of %d bytes", kind, length, whole.length)
                    .isEqualTo(ImageStatus.DAMAGED);
            assertThat(info.reason()).as("%s cut to %d bytes", kind, length).isNotBlank().doesNotContain("\n");
            assertThatThrownBy(() -> decoder.decode(file)).as("%s cut to %d bytes", kind, length)
                    .isInstanceOf(ImageDecodeException.class);
        }
    }

    /** A GIF that ends after its image data but before the trailer byte still shows its image. */
    @Test
    void gifWithoutTrailerIsAccepted() throws IOException, ImageDecodeException {
        byte[] whole = smallFile("gif");
        Path file = Files.write(dir.resolve("no-trailer.gif"), TestImages.cut(whole, whole.length - 1));

        assertThat(ImageProbe.probe(file).status()).isEqualTo(ImageStatus.OK);
        assertThat(decoder.decode(file).getWidth()).isEqualTo(24);
    }

    @Test
    void everyGifCutIsReportedWithoutException() throws IOException {
        byte[] whole = smallFile("gif");
        Path file = dir.resolve("cut.gif");

        for (int length = 0; length < whole.length - 1; length++) {
            Files.write(file, TestImages.cut(whole, length));

            ImageInfo info = ImageProbe.probe(file);

            assertThat(info.status()).as("GIF cut to %d of %d bytes", length, whole.length)
                    .isEqualTo(ImageStatus.DAMAGED);
        }
    }

    /**
     * Random byte flips may leave a file valid or make it damaged, but they must never make the
     * probe throw, and the decoder may only throw {@link ImageDecodeException}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "progressive-jpeg", "png", "gif", "bmp", "tiff", "webp", "exif-jpeg"})
    void corruptedBytesNeverEscapeAsOtherExceptions(String kind) throws IOException {
        byte[] whole = smallFile(kind);
        Random random = new Random(kind.hashCode());
        Path file = dir.resolve("corrupt");

        for (int trial = 0; trial < 200; trial++) {
            byte[] corrupt = whole.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            Files.write(file, corrupt);

            ImageInfo info = ImageProbe.probe(file);

            assertThat(info.status()).as("%s trial %d", kind, trial).isIn(ImageStatus.OK, ImageStatus.DAMAGED);
            try {
                BufferedImage image = decoder.decode(file);
                assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            } catch (ImageDecodeException e) {
                assertThat(e.getMessage()).as("%s trial %d", kind, trial).contains(file.toString())
                        .doesNotContain("\n");
            }
        }
    }

    private byte[] smallFile(String kind) throws IOException {
        BufferedImage image = TestImages.noise(24, 16, 13);
        BufferedImage indexed = new BufferedImage(24, 16, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.createGraphics().drawImage(image, 0, 0, null);
        return switch (kind) {
            case "jpeg" -> TestImages.jpeg(image);
            case "progressive-jpeg" -> TestImages.jpeg(image, true);
            case "exif-jpeg" -> TestImages.jpegWithOrientation(image, 6, false);
            case "png" -> TestImages.encode(image, "png");
            case "gif" -> TestImages.encode(indexed, "gif");
            case "bmp" -> TestImages.encode(image, "bmp");
            case "tiff" -> TestImages.tiff(image, 1, true);
            case "webp" -> resource("lossy.webp");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DamagedFilesTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return in.readAllBytes();
        }
    }
}
