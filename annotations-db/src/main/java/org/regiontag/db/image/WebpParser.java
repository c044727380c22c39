package org.regiontag.db.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Walks a WebP file's RIFF chunks (WebP container specification): {@code VP8X} gives the canvas
 * size, or else the {@code VP8 } (lossy) or {@code VP8L} (lossless) bitstream header does, and the
 * {@code EXIF} chunk the orientation. A file shorter than the size its RIFF header declares is
 * truncated.
 */
final class WebpParser {

    /** An EXIF chunk above this size is skipped rather than read into memory. */
    private static final int MAX_EXIF_CHUNK = 1 << 20;

    private WebpParser() {
    }

    static void parse(ByteSource in, HeaderFacts facts) throws IOException, ImageFormatException {
        in.skip(4);
        long riffEnd = 8 + in.readUnsignedIntLittleEndian();
        in.skip(4);
        if (riffEnd > in.size()) {
            throw ImageFormatException.of("reason.webp.truncated", riffEnd, in.size());
        }

        boolean imageSeen = false;
        boolean canvasSeen = false;
        try {
            while (in.position() + 8 <= riffEnd) {
                long chunkOffset = in.position();
                String type = new String(in.readFully(4), StandardCharsets.ISO_8859_1);
                long length = in.readUnsignedIntLittleEndian();
                long padded = length + (length & 1);
                if (chunkOffset + 8 + length > riffEnd) {
                    throw ImageFormatException.of("reason.webp.badChunk", type.strip(), chunkOffset);
                }
                long consumed = 0;
                switch (type) {
                    case "VP8X" -> {
                        if (length < 10) {
                            throw ImageFormatException.of("reason.webp.badChunk", type, chunkOffset);
                        }
                        in.skip(4);
                        long width = readUnsigned24(in) + 1;
                        long height = readUnsigned24(in) + 1;
                        consumed = 10;
                        facts.declareSize(width, height);
                        canvasSeen = true;
                        imageSeen = true;
                    }
                    case "VP8 " -> {
                        byte[] frame = in.readFully((int) Math.min(length, 10));
                        consumed = frame.length;
                        boolean startCode = frame.length == 10 && (frame[3] & 0xFF) == 0x9D
                                && (frame[4] & 0xFF) == 0x01 && (frame[5] & 0xFF) == 0x2A;
                        if (!startCode) {
                            throw ImageFormatException.of("reason.webp.badChunk", type.strip(), chunkOffset);
                        }
                        if (!canvasSeen && !imageSeen) {
                            facts.declareSize(u16(frame, 6) & 0x3FFF, u16(frame, 8) & 0x3FFF);
                        }
                        imageSeen = true;
                    }
                    case "VP8L" -> {
                        byte[] header = in.readFully((int) Math.min(length, 5));
                        consumed = header.length;
                        if (header.length < 5 || (header[0] & 0xFF) != 0x2F) {
                            throw ImageFormatException.of("reason.webp.badChunk", type, chunkOffset);
                        }
                        long bits = u16(header, 1) | (long) u16(header, 3) << 16;
                        if (!canvasSeen && !imageSeen) {
                            facts.declareSize((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1);
                        }
                        imageSeen = true;
                    }
                    case "EXIF" -> {
                        if (length <= MAX_EXIF_CHUNK) {
                            byte[] exif = in.readFully((int) length);
                            consumed = length;
                            facts.declareOrientation(ExifOrientation.readOptionallyPrefixed(exif));
                        }
                    }
                    default -> {
                        // NOTE: an ICCP chunk is skipped, so the decoder treats WebP colours as sRGB.
                        // ANIM, ANMF, ALPH and XMP carry nothing that the probe reports.
                    }
                }
                in.skip(Math.min(padded, riffEnd - chunkOffset - 8) - consumed);
            }
        } catch (EOFException e) {
            throw ImageFormatException.of("reason.webp.truncated", riffEnd, in.size());
        }
        if (!imageSeen) {
            throw ImageFormatException.of("reason.webp.noImage");
        }
    }

    private static long readUnsigned24(ByteSource in) throws IOException {
        return in.readUnsignedByte() | in.readUnsignedByte() << 8 | (long) in.readUnsignedByte() << 16;
    }

    private static int u16(byte[] data, int offset) {
        return data[offset] & 0xFF | (data[offset + 1] & 0xFF) << 8;
    }
}
