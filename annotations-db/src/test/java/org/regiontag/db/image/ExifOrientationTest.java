package org.regiontag.db.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExifOrientationTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsShortValueInEitherByteOrder(boolean bigEndian) {
        for (int orientation = 1; orientation <= 8; orientation++) {
            byte[] block = TestImages.exifTiff(orientation, bigEndian);

            assertThat(ExifOrientation.read(block, 0, block.length)).isEqualTo(orientation);
        }
    }

    @Test
    void readsLongValue() {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 4).putInt(1).putInt(7).putInt(0);

        assertThat(ExifOrientation.read(tiff.array(), 0, 26)).isEqualTo(7);
    }

    @Test
    void findsOrientationAmongOtherEntries() {
        ByteBuffer tiff = ByteBuffer.allocate(2 + 6 + 2 + 3 * 12 + 4).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) 3);
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(4).put("Cam\0".getBytes(StandardCharsets.US_ASCII));
        tiff.putShort((short) 0x0110).putShort((short) 2).putInt(4).put("One\0".getBytes(StandardCharsets.US_ASCII));
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 5).putShort((short) 0);
        tiff.putInt(0);

        assertThat(ExifOrientation.read(tiff.array(), 0, tiff.capacity())).isEqualTo(5);
    }

    @Test
    void acceptsOptionalExifPrefix() {
        byte[] bare = TestImages.exifTiff(3, true);
        byte[] prefixed = TestImages.concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), bare);

        assertThat(ExifOrientation.readOptionallyPrefixed(bare)).isEqualTo(3);
        assertThat(ExifOrientation.readOptionallyPrefixed(prefixed)).isEqualTo(3);
    }

    @Test
    void everyCutBlockReadsAsAbsent() {
        byte[] block = TestImages.exifTiff(6, false);

        for (int length = 0; length < block.length - 4; length++) {
            byte[] cut = Arrays.copyOf(block, length);
            assertThat(ExifOrientation.read(cut, 0, cut.length)).as("cut to %d bytes", length)
                    .isEqualTo(ExifOrientation.ABSENT);
        }
    }

    /** Entries that lie inside the block are read even when the count claims more. */
    @Test
    void entryCountBeyondBlockStillReadsEntriesInside() {
        byte[] block = TestImages.exifTiff(6, true);
        block[8] = (byte) 0xFF; // claims 65,281 entries in a 26-byte block
        block[9] = 1;

        assertThat(ExifOrientation.read(block, 0, block.length)).isEqualTo(6);
    }

    @Test
    void wrongMagicReadsAsAbsent() {
        byte[] block = TestImages.exifTiff(6, true);
        block[3] = 43;

        assertThat(ExifOrientation.read(block, 0, block.length)).isEqualTo(ExifOrientation.ABSENT);
    }
}
