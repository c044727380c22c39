package org.regiontag.db.image;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/**
 * Walks a GIF file's blocks (GIF89a specification): the first image descriptor gives the size,
 * because ImageIO's reader returns that frame, not the logical screen, as image 0. The walk through
 * every sub-block finds where a cut file ends.
 *
 * <p>NOTE: a file that ends at a block boundary after at least one complete image without the
 * trailer byte, or that has non-GIF bytes after an image, passes. Browsers and ImageIO show such
 * files, and the first frame is whole.
 */
final class GifParser {

    private static final int EXTENSION = 0x21;
    private static final int IMAGE_DESCRIPTOR = 0x2C;
    private static final int TRAILER = 0x3B;

    private GifParser() {
    }

    static void parse(ByteSource in, HeaderFacts facts) throws IOException, ImageFormatException {
        String truncatedKey = "reason.gif.truncatedHeader";
        boolean imageSeen = false;
        try {
            // Signature and version (6 bytes), logical screen width and height (4), flags (1),
            // background colour index and pixel aspect ratio (2).
            in.skip(10);
            int flags = in.readUnsignedByte();
            in.skip(2);
            skipColourTable(in, flags);

            while (true) {
                int blockType = in.read();
                if (blockType < 0 || blockType == TRAILER) {
                    if (!imageSeen) {
                        throw ImageFormatException.of("reason.gif.noImage");
                    }
                    return;
                }
                if (blockType == EXTENSION) {
                    truncatedKey = "reason.gif.truncatedExtension";
                    in.skip(1); // extension label
                    skipSubBlocks(in);
                } else if (blockType == IMAGE_DESCRIPTOR) {
                    truncatedKey = "reason.gif.truncatedImage";
                    in.skip(4); // left and top position
                    int width = in.readUnsignedShortLittleEndian();
                    int height = in.readUnsignedShortLittleEndian();
                    int imageFlags = in.readUnsignedByte();
                    if (!imageSeen) {
                        facts.declareSize(width, height);
                    }
                    skipColourTable(in, imageFlags);
                    in.skip(1); // LZW minimum code size
                    skipSubBlocks(in);
                    imageSeen = true;
                } else if (imageSeen) {
                    return;
                } else {
                    throw ImageFormatException.of("reason.gif.badBlock",
                            String.format(Locale.ROOT, "%02X", blockType), in.position() - 1);
                }
            }
        } catch (EOFException e) {
            throw ImageFormatException.of(truncatedKey, in.position());
        }
    }

    /** Skips a global or local colour table, present when bit 7 of the flags is set. */
    private static void skipColourTable(ByteSource in, int flags) throws IOException {
        if ((flags & 0x80) != 0) {
            in.skip(3L * (1 << ((flags & 0x07) + 1)));
        }
    }

    /** Skips data sub-blocks (a length byte, then that many bytes) up to the zero-length terminator. */
    private static void skipSubBlocks(ByteSource in) throws IOException {
        for (int size = in.readUnsignedByte(); size != 0; size = in.readUnsignedByte()) {
            in.skip(size);
        }
    }
}
