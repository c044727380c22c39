package org.regiontag.db.image;

import java.io.EOFException;
import java.io.IOException;

/**
 * Reads a BMP file's headers: the 14-byte file header and the DIB header that follows, in its
 * OS/2 1.x (12 bytes), OS/2 2.x (16 or 64 bytes) and Windows (40 to 124 bytes) versions. For
 * uncompressed pixel data, a file shorter than its rows need is truncated; BMP has no end marker,
 * so for RLE and embedded JPEG or PNG data only the start of the pixel data is checked.
 */
final class BmpParser {

    private static final int FILE_HEADER = 14;
    private static final int COMPRESSION_NONE = 0;
    private static final int COMPRESSION_BITFIELDS = 3;
    private static final int COMPRESSION_ALPHA_BITFIELDS = 6;

    private BmpParser() {
    }

    static void parse(ByteSource in, HeaderFacts facts) throws IOException, ImageFormatException {
        long width;
        long height;
        int bitsPerPixel;
        long compression = COMPRESSION_NONE;
        long dataOffset;
        try {
            in.skip(10);
            dataOffset = in.readUnsignedIntLittleEndian();
            long headerSize = in.readUnsignedIntLittleEndian();
            if (headerSize == 12) {
                width = in.readUnsignedShortLittleEndian();
                height = in.readUnsignedShortLittleEndian();
                in.skip(2);
                bitsPerPixel = in.readUnsignedShortLittleEndian();
            } else if (headerSize >= 16 && headerSize <= 124) {
                width = (int) in.readUnsignedIntLittleEndian();
                height = (int) in.readUnsignedIntLittleEndian();
                in.skip(2);
                bitsPerPixel = in.readUnsignedShortLittleEndian();
                if (headerSize >= 20) {
                    compression = in.readUnsignedIntLittleEndian();
                }
            } else {
                throw ImageFormatException.of("reason.bmp.unknownHeader", headerSize);
            }
        } catch (EOFException e) {
            throw ImageFormatException.of("reason.bmp.truncatedHeader", in.position());
        }

        // A negative height marks rows stored top to bottom.
        facts.declareSize(width, Math.abs(height));
        if (bitsPerPixel < 1 || bitsPerPixel > 64) {
            throw ImageFormatException.of("reason.bmp.badBitCount", bitsPerPixel);
        }

        boolean uncompressed = compression == COMPRESSION_NONE || compression == COMPRESSION_BITFIELDS
                || compression == COMPRESSION_ALPHA_BITFIELDS;
        long rowBytes = (bitsPerPixel * width + 31) / 32 * 4;
        long needed = uncompressed ? dataOffset + rowBytes * Math.abs(height) : dataOffset + 1;
        if (dataOffset < FILE_HEADER) {
            throw ImageFormatException.of("reason.bmp.badDataOffset", dataOffset);
        }
        if (needed > in.size()) {
            throw ImageFormatException.of("reason.bmp.truncated", needed, in.size());
        }
    }
}
