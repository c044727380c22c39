package org.regiontag.db.image;

import java.nio.charset.StandardCharsets;

/**
 * Reads the Orientation tag (0x0112) from the first image directory (IFD0) of an EXIF block, which
 * is a TIFF structure in either byte order. It reads nothing else: RegionTag needs only the
 * orientation, and a reader this small can check every offset against the block's bounds.
 *
 * <p>Layout (TIFF 6.0, section 2): a byte-order mark {@code II} or {@code MM}, the number 42, the
 * offset of IFD0; each IFD is an entry count followed by 12-byte entries of tag, type, count and a
 * value that fits in four bytes or the offset of one that does not.
 */
final class ExifOrientation {

    /** The value returned when the block has no readable orientation. */
    static final int ABSENT = 0;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final byte[] EXIF_PREFIX = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);

    private ExifOrientation() {
    }

    /**
     * Returns the orientation stored in a TIFF structure, or {@link #ABSENT} when the block is
     * malformed or has no Orientation tag of type SHORT or LONG.
     *
     * @param block the bytes that contain the structure
     * @param start the offset in {@code block} of the byte-order mark; TIFF offsets count from here
     * @param length the number of bytes of the structure
     */
    static int read(byte[] block, int start, int length) {
        int end = start + Math.min(length, block.length - start);
        if (end - start < 8) {
            return ABSENT;
        }
        boolean bigEndian;
        if (block[start] == 'M' && block[start + 1] == 'M') {
            bigEndian = true;
        } else if (block[start] == 'I' && block[start + 1] == 'I') {
            bigEndian = false;
        } else {
            return ABSENT;
        }
        Fields fields = new Fields(block, start, end, bigEndian);
        if (fields.u16(2) != 42) {
            return ABSENT;
        }

        long ifd = fields.u32(4);
        if (ifd < 8 || !fields.contains(ifd, 2)) {
            return ABSENT;
        }
        int entries = fields.u16(ifd);
        for (int i = 0; i < entries; i++) {
            long entry = ifd + 2 + 12L * i;
            if (!fields.contains(entry, 12)) {
                return ABSENT;
            }
            if (fields.u16(entry) != ORIENTATION_TAG) {
                continue;
            }
            int type = fields.u16(entry + 2);
            if (fields.u32(entry + 4) < 1) {
                return ABSENT;
            }
            if (type == TYPE_SHORT) {
                return fields.u16(entry + 8);
            }
            if (type == TYPE_LONG) {
                return (int) Math.min(fields.u32(entry + 8), Integer.MAX_VALUE);
            }
            return ABSENT;
        }
        return ABSENT;
    }

    /**
     * Returns the orientation of an EXIF block that may start with the {@code Exif\0\0} header that
     * JPEG's APP1 segment uses; PNG {@code eXIf} and WebP {@code EXIF} chunks should omit it, but
     * some writers add it.
     */
    static int readOptionallyPrefixed(byte[] block) {
        if (startsWithExifPrefix(block, 0, block.length)) {
            return read(block, EXIF_PREFIX.length, block.length - EXIF_PREFIX.length);
        }
        return read(block, 0, block.length);
    }

    /** Whether {@code length} bytes at {@code offset} start with {@code Exif\0\0}. */
    static boolean startsWithExifPrefix(byte[] block, int offset, int length) {
        if (length < EXIF_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < EXIF_PREFIX.length; i++) {
            if (block[offset + i] != EXIF_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    static int exifPrefixLength() {
        return EXIF_PREFIX.length;
    }

    /** Unsigned fields at TIFF offsets, relative to the byte-order mark, in the block's byte order. */
    private record Fields(byte[] block, int start, int end, boolean bigEndian) {

        boolean contains(long offset, int length) {
            return offset >= 0 && start + offset + length <= end;
        }

        int u16(long offset) {
            int at = (int) (start + offset);
            int first = block[at] & 0xFF;
            int second = block[at + 1] & 0xFF;
            return bigEndian ? first << 8 | second : second << 8 | first;
        }

        long u32(long offset) {
            long first = u16(offset);
            long second = u16(offset + 2);
            return bigEndian ? first << 16 | second : second << 16 | first;
        }
    }
}
