package org.regiontag.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppIconTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void renderHasRequestedSize() {
        BufferedImage image = AppIcon.render(48);

        assertThat(image.getWidth()).isEqualTo(48);
        assertThat(image.getHeight()).isEqualTo(48);
    }

    @Test
    void cornersTransparentCentreOpaque() {
        BufferedImage image = AppIcon.render(128);

        assertThat(image.getRGB(0, 0) >>> 24).isZero();
        assertThat(image.getRGB(127, 127) >>> 24).isZero();
        assertThat(image.getRGB(64, 64) >>> 24).isEqualTo(255);
    }

    @Test
    void pngDecodesAtSize() throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(AppIcon.png(256)));

        assertThat(decoded.getWidth()).isEqualTo(256);
        assertThat(decoded.getHeight()).isEqualTo(256);
    }

    @Test
    void icoDirectoryPointsAtPngs() throws IOException {
        byte[] ico = AppIcon.ico(16, 48, 256);
        ByteBuffer buffer = ByteBuffer.wrap(ico).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(buffer.getShort(0)).isZero();
        assertThat(buffer.getShort(2)).isEqualTo((short) 1);
        assertThat(buffer.getShort(4)).isEqualTo((short) 3);
        int[] expectedWidths = {16, 48, 0};
        for (int i = 0; i < 3; i++) {
            int entry = 6 + 16 * i;
            int length = buffer.getInt(entry + 8);
            int offset = buffer.getInt(entry + 12);
            assertThat(Byte.toUnsignedInt(ico[entry])).as("width of image %d", i).isEqualTo(expectedWidths[i]);
            assertThat(Arrays.copyOfRange(ico, offset, offset + 8)).as("image %d", i).isEqualTo(PNG_SIGNATURE);
            assertThat(offset + length).as("end of image %d", i).isLessThanOrEqualTo(ico.length);
        }
    }

    @Test
    void icnsLengthsAddUp() throws IOException {
        byte[] icns = AppIcon.icns();
        ByteBuffer buffer = ByteBuffer.wrap(icns).order(ByteOrder.BIG_ENDIAN);

        assertThat(new String(icns, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("icns");
        assertThat(buffer.getInt(4)).isEqualTo(icns.length);
        int position = 8;
        StringBuilder types = new StringBuilder();
        while (position < icns.length) {
            types.append(new String(icns, position, 4, StandardCharsets.US_ASCII)).append(' ');
            assertThat(Arrays.copyOfRange(icns, position + 8, position + 16)).isEqualTo(PNG_SIGNATURE);
            position += buffer.getInt(position + 4);
        }
        assertThat(position).isEqualTo(icns.length);
        assertThat(types.toString().strip()).isEqualTo("ic07 ic08 ic09 ic10");
    }

    @Test
    void writeAllWritesEveryFile(@TempDir Path folder) throws IOException {
        AppIcon.writeAll(folder);

        assertThat(folder.resolve("regiontag-48.png")).isRegularFile();
        assertThat(folder.resolve("regiontag-128.png")).isRegularFile();
        assertThat(folder.resolve("regiontag-256.png")).isRegularFile();
        assertThat(folder.resolve("regiontag.ico")).isRegularFile();
        assertThat(folder.resolve("regiontag.icns")).isRegularFile();
    }
}
