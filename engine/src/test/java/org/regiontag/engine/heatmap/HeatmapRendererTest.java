package org.regiontag.engine.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatmapRendererTest {

    private static final DivergingColormap COLORMAP = DivergingColormap.coolToWarm();
    private static final SimilarityMap RAMP = new SimilarityMap(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 2, 2);

    @TempDir
    Path temp;

    @Test
    void opaqueOverlayShowsColormapAtKnownPoints() {
        BufferedImage image = filled(4, 4, 0x000000);
        HeatmapStyle style = HeatmapStyle.standard().withOpacity(1.0);

        BufferedImage out = HeatmapRenderer.overlay(image, RAMP, new Rectangle(0, 0, 4, 4), style);

        // Min-max turns the ramp into 0, 1/3, 2/3, 1; the corners of the output sample the corners exactly.
        assertThat(rgb(out, 0, 0)).isEqualTo(DivergingColormap.COOL_BLUE);
        assertThat(rgb(out, 3, 0)).isEqualTo(COLORMAP.rgb(1.0 / 3));
        assertThat(rgb(out, 0, 3)).isEqualTo(COLORMAP.rgb(2.0 / 3));
        assertThat(rgb(out, 3, 3)).isEqualTo(DivergingColormap.WARM_RED);
        // Pixel (1, 0) samples column 0.25 of row 0: 0.75 * 0 + 0.25 * 1/3.
        assertThat(rgb(out, 1, 0)).isEqualTo(COLORMAP.rgb(0.25 / 3));
        // Pixel (1, 1) samples (0.25, 0.25): 0.25 * 1/3 + 0.25 * 2/3.
        assertThat(rgb(out, 1, 1)).isEqualTo(COLORMAP.rgb(0.25));
    }

    @Test
    void opacityBlendsWithImage() {
        BufferedImage image = filled(4, 4, 0x204060);
        HeatmapStyle style = HeatmapStyle.standard().withOpacity(0.25);

        BufferedImage out = HeatmapRenderer.overlay(image, RAMP, new Rectangle(0, 0, 4, 4), style);

        // 0.25 * (180, 4, 38) + 0.75 * (32, 64, 96) = (69, 49, 81.5 -> 82).
        assertThat(rgb(out, 3, 3)).isEqualTo((69 << 16) | (49 << 8) | 82);
        assertThat(HeatmapRenderer.overlay(image, RAMP, new Rectangle(0, 0, 4, 4), style.withOpacity(0.0))
                .getRGB(2, 2) & 0xffffff).isEqualTo(0x204060);
    }

    @Test
    void higherScoresAreRedder() {
        SimilarityMap gradient = new SimilarityMap(new float[] {-0.2f, 0.0f, 0.1f, 0.35f, 0.9f}, 1, 5);
        BufferedImage out = HeatmapRenderer.overlay(filled(50, 1, 0x000000), gradient, new Rectangle(0, 0, 50, 1),
                HeatmapStyle.standard().withOpacity(1.0));

        int previous = 0;
        for (int x = 0; x < 50; x++) {
            int level = levelOf(rgb(out, x, 0));
            assertThat(level).as("colormap level at x = %d", x).isGreaterThanOrEqualTo(previous);
            previous = level;
        }
        assertThat(rgb(out, 0, 0)).isEqualTo(DivergingColormap.COOL_BLUE);
        assertThat(rgb(out, 49, 0)).isEqualTo(DivergingColormap.WARM_RED);
    }

    @Test
    void fixedRangeClampsAndKeepsScale() {
        HeatmapStyle style = HeatmapStyle.standard().withOpacity(1.0)
                .withNormalization(MapNormalization.fixedRange(0.0f, 0.8f));

        BufferedImage out = HeatmapRenderer.overlay(filled(2, 2, 0), RAMP, new Rectangle(0, 0, 2, 2), style);
        BufferedImage above = HeatmapRenderer.overlay(filled(1, 1, 0), new SimilarityMap(new float[] {3f}, 1, 1),
                new Rectangle(0, 0, 1, 1), style);

        assertThat(rgb(out, 0, 0)).isEqualTo(COLORMAP.rgb(0.1 / 0.8));
        assertThat(rgb(out, 1, 1)).isEqualTo(COLORMAP.rgb(0.5));
        assertThat(rgb(above, 0, 0)).isEqualTo(DivergingColormap.WARM_RED);
    }

    @Test
    void constantMapIsMiddleColour() {
        SimilarityMap flat = new SimilarityMap(new float[] {0.2f, 0.2f, 0.2f, 0.2f}, 2, 2);

        BufferedImage out = HeatmapRenderer.overlay(filled(3, 3, 0), flat, new Rectangle(0, 0, 3, 3),
                HeatmapStyle.standard().withOpacity(1.0));

        assertThat(rgb(out, 1, 1)).isEqualTo(COLORMAP.rgb(0.5));
    }

    @Test
    void pixelsOutsideExtentKeepImage() {
        BufferedImage image = filled(10, 6, 0x556677);
        Rectangle crop = HeatmapRenderer.centreSquare(10, 6);

        BufferedImage out = HeatmapRenderer.overlay(image, RAMP, crop, HeatmapStyle.standard().withOpacity(1.0));

        assertThat(crop).isEqualTo(new Rectangle(2, 0, 6, 6));
        assertThat(rgb(out, 0, 3)).isEqualTo(0x556677);
        assertThat(rgb(out, 9, 3)).isEqualTo(0x556677);
        assertThat(rgb(out, 2, 0)).isEqualTo(DivergingColormap.COOL_BLUE);
        assertThat(rgb(out, 7, 5)).isEqualTo(DivergingColormap.WARM_RED);
        assertThat(HeatmapRenderer.centreSquare(5, 9)).isEqualTo(new Rectangle(0, 2, 5, 5));
    }

    @Test
    void extentOutsideImageIsRejected() {
        assertThatThrownBy(() -> HeatmapRenderer.overlay(filled(4, 4, 0), RAMP, new Rectangle(2, 2, 4, 4),
                HeatmapStyle.standard())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extent");
    }

    @Test
    void invalidMapsAreRejected() {
        assertThatThrownBy(() -> new SimilarityMap(new float[] {0f, Float.NaN}, 1, 2))
                .hasMessage("map value 1 (row 0, column 1) is NaN; every value must be finite");
        assertThatThrownBy(() -> new SimilarityMap(new float[3], 2, 2)).hasMessage("map of 2x2 needs 4 values, got 3");
        assertThatThrownBy(() -> HeatmapStyle.standard().withOpacity(1.5)).hasMessageContaining("opacity");
        assertThatThrownBy(() -> MapNormalization.fixedRange(1f, 1f)).hasMessageContaining("low < high");
    }

    @Test
    void pngIsWrittenWhole() throws Exception {
        BufferedImage out = HeatmapRenderer.overlay(filled(33, 17, 0x808080), RAMP, new Rectangle(0, 0, 33, 17),
                HeatmapStyle.standard());
        Path file = temp.resolve("sub").resolve("heat.png");

        HeatmapRenderer.writePng(out, file);

        BufferedImage read = ImageIO.read(file.toFile());
        assertThat(read.getWidth()).isEqualTo(33);
        assertThat(read.getHeight()).isEqualTo(17);
        assertThat(read.getRGB(32, 16) & 0xffffff).isEqualTo(out.getRGB(32, 16) & 0xffffff);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    private static BufferedImage filled(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** Returns the first colormap level with this colour. */
    private static int levelOf(int rgb) {
        for (int level = 0; level < DivergingColormap.LEVELS; level++) {
            if (COLORMAP.rgb(level / 255.0) == rgb) {
                return level;
            }
        }
        throw new AssertionError(String.format("colour %06x is not on the colormap", rgb));
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }
}
