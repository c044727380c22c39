package org.regiontag.engine.clip.image;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.PythonReference;
import org.regiontag.engine.clip.Tensors;

class ClipPreprocessorTest {

    private static final ClipPreprocessor CLIP_224 = new ClipPreprocessor(PreprocessConfig.clipDefaults(224));

    @TempDir
    Path temp;

    /** Smooth gradients plus noise and hard edges, so that every resampling weight matters. */
    static BufferedImage testImage(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / Math.max(1, width - 1) + random.nextInt(40)) & 0xff;
                int g = ((y / 7 + x / 5) % 2 == 0 ? 230 : 20) + random.nextInt(20);
                int b = (y * 255 / Math.max(1, height - 1)) ^ random.nextInt(16);
                image.setRGB(x, y, (Math.min(r, 255) << 16) | (Math.min(g, 255) << 8) | Math.min(b, 255));
            }
        }
        return image;
    }

    @ParameterizedTest(name = "{0}x{1} to {2} px, square {3}")
    @CsvSource({
        "333, 250, 224, false",
        "250, 333, 224, false",
        "50, 37, 224, false",
        "224, 300, 224, false",
        "301, 199, 448, true",
        "97, 61, 224, true",
    })
    @Tag("python")
    void matchesPillowPipeline(int width, int height, int size, boolean square) throws IOException {
        PythonReference.assumeAvailable();
        BufferedImage image = testImage(width, height, width * 31L + height);
        Path png = temp.resolve("image.png");
        ImageIO.write(image, "png", png.toFile());
        Path expectedFile = temp.resolve("expected.f32");
        if (square) {
            PythonReference.run("clip_reference.py", "preprocess", "--image", png.toString(), "--size",
                    String.valueOf(size), "--square", "--out", expectedFile.toString());
        } else {
            PythonReference.run("clip_reference.py", "preprocess", "--image", png.toString(), "--size",
                    String.valueOf(size), "--out", expectedFile.toString());
        }
        float[] expected = readFloats(expectedFile);
        ClipPreprocessor preprocessor = new ClipPreprocessor(PreprocessConfig.clipDefaults(size));

        float[] actual = square ? preprocessor.square(image, size) : preprocessor.centerCrop(image);

        // Bit-exact 8-bit resampling leaves only float32 rounding of the normalisation.
        Tensors.assertClose("pixels", actual, expected, 1e-6);
    }

    @Test
    void uniformImageGivesNormalisedConstant() {
        BufferedImage image = new BufferedImage(123, 77, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 77; y++) {
            for (int x = 0; x < 123; x++) {
                image.setRGB(x, y, (200 << 16) | (100 << 8) | 50);
            }
        }

        float[] pixels = CLIP_224.centerCrop(image);

        int plane = 224 * 224;
        assertThat(pixels).hasSize(3 * plane);
        assertThat(pixels[0]).isEqualTo((200 / 255f - 0.48145466f) / 0.26862954f);
        assertThat(pixels[plane + 5000]).isEqualTo((100 / 255f - 0.4578275f) / 0.26130258f);
        assertThat(pixels[2 * plane + plane - 1]).isEqualTo((50 / 255f - 0.40821073f) / 0.27577711f);
    }

    @Test
    void grayImageRepeatsItsChannelWithoutGammaChange() {
        BufferedImage gray = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(10, 20, 0, 77);
        BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(10, 20, (77 << 16) | (77 << 8) | 77);

        int[][] grayChannels = ClipPreprocessor.channels(gray);
        int[][] rgbChannels = ClipPreprocessor.channels(rgb);

        for (int c = 0; c < 3; c++) {
            assertThat(grayChannels[c]).containsExactly(rgbChannels[c]);
        }
    }

    @Test
    void batchesHaveChannelFirstShape() {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            List<BufferedImage> images = List.of(testImage(80, 60, 1), testImage(60, 90, 2));

            NDArray cropped = CLIP_224.centerCropBatch(manager, images);
            NDArray squared = CLIP_224.squareBatch(manager, images, 448);

            assertThat(cropped.getShape()).isEqualTo(new Shape(2, 3, 224, 224));
            assertThat(squared.getShape()).isEqualTo(new Shape(2, 3, 448, 448));
            assertThat(cropped.get(1).toFloatArray()).containsExactly(CLIP_224.centerCrop(images.get(1)));
        }
    }

    @Test
    void resamplerKeepsSizeUnchanged() {
        int[][] plane = {{1, 2, 3, 4, 5, 6}};

        assertThat(PilBicubicResampler.resize(plane, 3, 2, 3, 2)[0]).containsExactly(1, 2, 3, 4, 5, 6);
    }

    private static float[] readFloats(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[buffer.remaining() / 4];
        buffer.asFloatBuffer().get(values);
        return values;
    }
}
