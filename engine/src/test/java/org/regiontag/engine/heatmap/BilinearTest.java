package org.regiontag.engine.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.regiontag.engine.ReferencePython;

class BilinearTest {

    /** Float32 rounding in PyTorch against double arithmetic here; values are of order 1. */
    private static final float TOLERANCE = 1e-5f;

    @TempDir
    Path temp;

    @Test
    void cornersKeepTheirValues() {
        SimilarityMap map = new SimilarityMap(new float[] {0, 1, 2, 3}, 2, 2);

        float[] out = Bilinear.resize(map, 4, 4);

        assertThat(out[0]).isEqualTo(0f);
        assertThat(out[3]).isEqualTo(1f);
        assertThat(out[12]).isEqualTo(2f);
        assertThat(out[15]).isEqualTo(3f);
        // Output column 1 samples input column (1 + 0.5) / 2 - 0.5 = 0.25.
        assertThat(out[1]).isCloseTo(0.25f, within(1e-7f));
        assertThat(out[5]).isCloseTo(0.25f + 0.25f * 2, within(1e-7f));
    }

    @Test
    void sameSizeIsIdentity() {
        float[] values = randomValues(5 * 7, 3);

        assertThat(Bilinear.resize(new SimilarityMap(values, 5, 7), 5, 7)).containsExactly(values);
    }

    @ParameterizedTest(name = "{0}x{1} to {2}x{3}")
    @Tag("python")
    @CsvSource({"14, 14, 224, 224", "7, 5, 37, 23", "3, 4, 2, 3", "1, 1, 5, 5", "14, 14, 333, 500", "2, 9, 9, 2"})
    void matchesTorchInterpolate(int height, int width, int outHeight, int outWidth) throws Exception {
        ReferencePython.assumeTorch();
        float[] values = randomValues(height * width, 31L * height + width);
        Path in = temp.resolve("map.bin");
        Path out = temp.resolve("resized.bin");
        ByteBuffer input = ByteBuffer.allocate(16 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        input.putInt(height).putInt(width).putInt(outHeight).putInt(outWidth);
        input.asFloatBuffer().put(values);
        Files.write(in, input.array());

        ReferencePython.run(BilinearTest.class, "bilinear_reference.py", in.toString(), out.toString());

        float[] expected = new float[outHeight * outWidth];
        ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(expected);
        float[] actual = Bilinear.resize(new SimilarityMap(values, height, width), outHeight, outWidth);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("pixel %d (row %d, column %d)", i, i / outWidth, i % outWidth)
                    .isCloseTo(expected[i], within(TOLERANCE));
        }
    }

    private static float[] randomValues(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
