package org.regiontag.db.image;

import java.io.IOException;

/**
 * Reads the first image directory (IFD0) of a classic TIFF file (TIFF 6.0): ImageWidth,
 * ImageLength, Orientation, and the strip or tile offsets and byte counts. The directory, every
 * value stored outside it, and all strips or tiles must lie inside the file. TIFF puts directories and data anywhere, so this parser uses positional reads;
 * the probe's hash still reads the file once, sequentially.
 *
 * <p>NOTE: BigTIFF (version 43, 64-bit offsets) is reported as unsupported although the TIFF
 * reader could decode it, because large scientific images are not what RegionTag annotates.
 */
final class TiffParser {

    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int STRIP_OFFSETS = 273;
    private static final int ORIENTATION = 274;
    private static final int STRIP_BYTE_COUNTS = 279;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTE_COUNTS = 325;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int ENTRY_SIZE = 12;
    /** Offsets and byte counts are read in batches of this many values. */
    private static final int BATCH = 1024;

    private TiffParser() {
    }

    static void parse(ByteSource in, HeaderFacts facts) throws IOException, ImageFormatException {
        byte[] header = new byte[8];
        if (in.readAt(0, header, 0, 8) < 8) {
            throw ImageFormatException.of("reason.tiff.badDirectory", 0);
        }
        boolean bigEndian = header[0] == 'M';
        int version = u16(header, 2, bigEndian);
        if (version == 43) {
            throw ImageFormatException.of("reason.tiff.bigTiff");
        }

        long directory = u32(header, 4, bigEndian);
        byte[] countBytes = new byte[2];
        if (directory < 8 || in.readAt(directory, countBytes, 0, 2) < 2) {
            throw ImageFormatException.of("reason.tiff.badDirectory", directory);
        }
        int count = u16(countBytes, 0, bigEndian);
        byte[] entries = new byte[count * ENTRY_SIZE];
        if (in.readAt(directory + 2, entries, 0, entries.length) < entries.length) {
            throw ImageFormatException.of("reason.tiff.badDirectory", directory);
        }

        long nextDirectoryEnd = directory + 2 + entries.length + 4;
        if (nextDirectoryEnd > in.size()) {
            throw ImageFormatException.of("reason.tiff.truncated", nextDirectoryEnd, in.size());
        }

        Entry[] found = new Entry[TILE_BYTE_COUNTS + 1];
        for (int i = 0; i < count; i++) {
            int at = i * ENTRY_SIZE;
            int tag = u16(entries, at, bigEndian);
            Entry entry = new Entry(u16(entries, at + 2, bigEndian), u32(entries, at + 4, bigEndian), at + 8);
            long valueBytes = entry.count() * fieldTypeSize(entry.type());
            if (valueBytes > 4) {
                long valueEnd = u32(entries, entry.valueAt(), bigEndian) + valueBytes;
                if (valueEnd > in.size()) {
                    throw ImageFormatException.of("reason.tiff.truncated", valueEnd, in.size());
                }
            }
            if (tag < found.length) {
                found[tag] = entry;
            }
        }

        long width = inlineValue(found[IMAGE_WIDTH], entries, bigEndian);
        long height = inlineValue(found[IMAGE_LENGTH], entries, bigEndian);
        if (width < 0 || height < 0) {
            throw ImageFormatException.of("reason.tiff.noSize");
        }
        facts.declareSize(width, height);
        if (found[ORIENTATION] != null) {
            facts.declareOrientation((int) Math.max(0, inlineValue(found[ORIENTATION], entries, bigEndian)));
        }

        boolean tiled = found[TILE_OFFSETS] != null;
        Entry offsets = tiled ? found[TILE_OFFSETS] : found[STRIP_OFFSETS];
        Entry byteCounts = tiled ? found[TILE_BYTE_COUNTS] : found[STRIP_BYTE_COUNTS];
        if (offsets == null || byteCounts == null || offsets.count() != byteCounts.count()) {
            throw ImageFormatException.of("reason.tiff.noData");
        }
        long dataEnd = dataEnd(in, entries, offsets, byteCounts, bigEndian);
        if (dataEnd > in.size()) {
            throw ImageFormatException.of("reason.tiff.truncated", dataEnd, in.size());
        }
    }

    /** Returns the largest offset plus byte count over all strips or tiles. */
    private static long dataEnd(ByteSource in, byte[] entries, Entry offsets, Entry byteCounts, boolean bigEndian)
            throws IOException, ImageFormatException {
        long end = 0;
        for (long first = 0; first < offsets.count(); first += BATCH) {
            int n = (int) Math.min(BATCH, offsets.count() - first);
            long[] starts = values(in, entries, offsets, first, n, bigEndian);
            long[] lengths = values(in, entries, byteCounts, first, n, bigEndian);
            for (int i = 0; i < n; i++) {
                end = Math.max(end, starts[i] + lengths[i]);
            }
        }
        return end;
    }

    /** Reads {@code n} SHORT or LONG values of an entry, starting at value {@code first}. */
    private static long[] values(ByteSource in, byte[] entries, Entry entry, long first, int n, boolean bigEndian)
            throws IOException, ImageFormatException {
        int size = typeSize(entry.type());
        if (size == 0) {
            throw ImageFormatException.of("reason.tiff.noData");
        }
        byte[] raw = new byte[n * size];
        if (entry.count() * size <= 4) {
            System.arraycopy(entries, entry.valueAt() + (int) first * size, raw, 0, raw.length);
        } else {
            long offset = u32(entries, entry.valueAt(), bigEndian) + first * size;
            if (in.readAt(offset, raw, 0, raw.length) < raw.length) {
                throw ImageFormatException.of("reason.tiff.badDirectory", offset);
            }
        }
        long[] result = new long[n];
        for (int i = 0; i < n; i++) {
            result[i] = size == 2 ? u16(raw, 2 * i, bigEndian) : u32(raw, 4 * i, bigEndian);
        }
        return result;
    }

    /** Returns the single SHORT or LONG value of an entry, or -1 when the entry is absent or of another kind. */
    private static long inlineValue(Entry entry, byte[] entries, boolean bigEndian) {
        if (entry == null || entry.count() < 1) {
            return -1;
        }
        return switch (entry.type()) {
            case TYPE_SHORT -> u16(entries, entry.valueAt(), bigEndian);
            case TYPE_LONG -> u32(entries, entry.valueAt(), bigEndian);
            default -> -1;
        };
    }

    /** Returns the size in bytes of one value of a TIFF 6.0 field type, or 0 for an unknown type. */
    private static long fieldTypeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12 -> 8;
            default -> 0;
        };
    }

    private static int typeSize(int type) {
        return switch (type) {
            case TYPE_SHORT -> 2;
            case TYPE_LONG -> 4;
            default -> 0;
        };
    }

    private static int u16(byte[] data, int offset, boolean bigEndian) {
        int first = data[offset] & 0xFF;
        int second = data[offset + 1] & 0xFF;
        return bigEndian ? first << 8 | second : second << 8 | first;
    }

    private static long u32(byte[] data, int offset, boolean bigEndian) {
        long first = u16(data, offset, bigEndian);
        long second = u16(data, offset + 2, bigEndian);
        return bigEndian ? first << 16 | second : second << 16 | first;
    }

    /**
     * One directory entry.
     *
     * @param type the TIFF field type (3 SHORT, 4 LONG, ...)
     * @param count the number of values
     * @param valueAt the offset in the entries array of the four-byte value or value offset
     */
    private record Entry(int type, long count, int valueAt) {
    }
}
