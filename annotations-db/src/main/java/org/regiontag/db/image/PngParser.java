package org.regiontag.db.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a PNG file's chunks (PNG specification, third edition, section 5) from the signature to
 * IEND, checking the CRC of every chunk: IHDR gives the size, {@code eXIf} the orientation and
 * {@code iCCP} the colour profile. Like libpng, it treats a CRC error in a critical chunk as fatal
 * and ignores one in an ancillary chunk. A file cut anywhere before the end of IEND is truncated.
 *
 * <p>NOTE: the compressed pixel data is not inflated, so a complete file whose zlib stream is
 * corrupt inside valid chunks passes here and fails only when decoded.
 */
final class PngParser {

    private static final Logger LOG = LoggerFactory.getLogger(PngParser.class);

    /** An eXIf or iCCP chunk above this size is skipped rather than read into memory. */
    private static final int MAX_METADATA_CHUNK = 1 << 20;
    /** Larger than any ICC profile in practice (camera and print profiles stay below 1 MB). */
    private static final int MAX_ICC_PROFILE = 4 << 20;
    private static final long MAX_CHUNK_LENGTH = 0x7FFF_FFFFL;
    private static final int COLOUR_TYPE_PALETTE = 3;

    private PngParser() {
    }

    static void parse(ByteSource in, HeaderFacts facts) throws IOException, ImageFormatException {
        in.skip(8);
        CRC32 crc = new CRC32();
        boolean paletteSeen = false;
        boolean imageDataSeen = false;
        int colourType = -1;

        while (true) {
            long chunkOffset = in.position();
            if (in.peek(1).length == 0) {
                throw ImageFormatException.of("reason.png.noIend", chunkOffset);
            }
            String type = "";
            try {
                long length = in.readUnsignedIntBigEndian();
                byte[] typeBytes = in.readFully(4);
                type = new String(typeBytes, StandardCharsets.ISO_8859_1);
                if (length > MAX_CHUNK_LENGTH || !isChunkType(typeBytes)) {
                    throw ImageFormatException.of("reason.png.badChunk", chunkOffset);
                }
                if (chunkOffset == 8 && !type.equals("IHDR")) {
                    throw ImageFormatException.of("reason.png.noIhdr");
                }
                crc.reset();
                crc.update(typeBytes);

                switch (type) {
                    case "IHDR" -> colourType = readHeader(in, facts, crc, length);
                    case "PLTE" -> {
                        paletteSeen = true;
                        in.skip(length, crc);
                    }
                    case "IDAT" -> {
                        if (colourType == COLOUR_TYPE_PALETTE && !paletteSeen) {
                            throw ImageFormatException.of("reason.png.noPalette");
                        }
                        imageDataSeen = true;
                        in.skip(length, crc);
                    }
                    case "eXIf" -> readExif(in, facts, crc, length);
                    case "iCCP" -> readIccProfile(in, facts, crc, length);
                    default -> in.skip(length, crc);
                }

                long storedCrc = in.readUnsignedIntBigEndian();
                if (storedCrc != crc.getValue() && isCritical(typeBytes)) {
                    throw ImageFormatException.of("reason.png.badCrc", type, chunkOffset);
                }
            } catch (EOFException e) {
                throw ImageFormatException.of("reason.png.truncated", type.isEmpty() ? "?" : type, in.position());
            }

            if (type.equals("IEND")) {
                if (!imageDataSeen) {
                    throw ImageFormatException.of("reason.png.noImageData");
                }
                return;
            }
        }
    }

    /** Reads IHDR and returns the colour type. */
    private static int readHeader(ByteSource in, HeaderFacts facts, CRC32 crc, long length)
            throws IOException, ImageFormatException {
        if (length != 13) {
            throw ImageFormatException.of("reason.png.badChunk", in.position() - 8);
        }
        byte[] data = in.readFully(13);
        crc.update(data);
        long width = u32(data, 0);
        long height = u32(data, 4);
        int bitDepth = data[8] & 0xFF;
        int colourType = data[9] & 0xFF;
        int compression = data[10] & 0xFF;
        int filter = data[11] & 0xFF;
        int interlace = data[12] & 0xFF;
        if (!isValidDepth(colourType, bitDepth) || compression != 0 || filter != 0 || interlace > 1) {
            throw ImageFormatException.of("reason.png.badHeader", bitDepth, colourType, compression, filter, interlace);
        }
        facts.declareSize(width, height);
        return colourType;
    }

    private static void readExif(ByteSource in, HeaderFacts facts, CRC32 crc, long length) throws IOException {
        if (length > MAX_METADATA_CHUNK) {
            in.skip(length, crc);
            return;
        }
        byte[] data = in.readFully((int) length);
        crc.update(data);
        facts.declareOrientation(ExifOrientation.readOptionallyPrefixed(data));
    }

    /** Reads iCCP: a keyword of 1 to 79 bytes, a zero byte, compression method 0, a zlib stream. */
    private static void readIccProfile(ByteSource in, HeaderFacts facts, CRC32 crc, long length) throws IOException {
        if (length > MAX_METADATA_CHUNK) {
            in.skip(length, crc);
            return;
        }
        byte[] data = in.readFully((int) length);
        crc.update(data);
        int keywordEnd = 0;
        while (keywordEnd < data.length && data[keywordEnd] != 0) {
            keywordEnd++;
        }
        int streamStart = keywordEnd + 2;
        if (streamStart > data.length || data[keywordEnd + 1] != 0) {
            LOG.debug("Ignoring an iCCP chunk without a zero keyword terminator and compression method 0");
            return;
        }
        facts.declareIccProfile(inflate(data, streamStart));
    }

    /** Inflates a zlib stream, or returns {@code null} when it is corrupt or inflates beyond the cap. */
    private static byte[] inflate(byte[] data, int offset) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, offset, data.length - offset);
            byte[] out = new byte[Math.min(MAX_ICC_PROFILE, Math.max(1024, 4 * (data.length - offset)))];
            int size = 0;
            while (!inflater.finished()) {
                if (size == out.length) {
                    if (out.length == MAX_ICC_PROFILE) {
                        LOG.debug("Ignoring an iCCP profile that inflates beyond {} bytes", MAX_ICC_PROFILE);
                        return null;
                    }
                    out = Arrays.copyOf(out, Math.min(MAX_ICC_PROFILE, 2 * out.length));
                }
                int n = inflater.inflate(out, size, out.length - size);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    LOG.debug("Ignoring an iCCP profile whose zlib stream ends early");
                    return null;
                }
                size += n;
            }
            return Arrays.copyOf(out, size);
        } catch (DataFormatException e) {
            LOG.debug("Ignoring an iCCP profile whose zlib stream is corrupt: {}", e.getMessage());
            return null;
        } finally {
            inflater.end();
        }
    }

    /** Allowed bit depths per colour type (PNG specification, table 11.1). */
    private static boolean isValidDepth(int colourType, int bitDepth) {
        return switch (colourType) {
            case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
            case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
            case 2, 4, 6 -> bitDepth == 8 || bitDepth == 16;
            default -> false;
        };
    }

    private static boolean isChunkType(byte[] type) {
        for (byte b : type) {
            boolean letter = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
            if (!letter) {
                return false;
            }
        }
        return true;
    }

    /** A chunk is critical when bit 5 of its first byte is 0 (an upper-case first letter). */
    private static boolean isCritical(byte[] type) {
        return (type[0] & 0x20) == 0;
    }

    private static long u32(byte[] data, int offset) {
        return (data[offset] & 0xFFL) << 24 | (data[offset + 1] & 0xFF) << 16
                | (data[offset + 2] & 0xFF) << 8 | data[offset + 3] & 0xFF;
    }
}
