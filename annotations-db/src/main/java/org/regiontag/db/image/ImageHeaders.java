package org.regiontag.db.image;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Recognises an image format by its first bytes and runs that format's parser, which reads the
 * header and walks the file's structure far enough to notice truncation without decoding pixels.
 */
final class ImageHeaders {

    /** Bytes shown in the reason when a file is in no known format. */
    private static final int SHOWN_PREFIX = 8;

    private ImageHeaders() {
    }

    /**
     * Parses the file behind {@code in} from its first byte.
     *
     * @throws ImageFormatException when the file is empty, in no supported format, damaged or above
     *     {@code limits}; {@link ImageFormatException#partial()} then contains what the header declared
     * @throws IOException when reading the file fails
     */
    static ImageHeader read(ByteSource in, ImageLimits limits) throws IOException, ImageFormatException {
        byte[] magic = in.peek(12);
        if (magic.length == 0) {
            throw ImageFormatException.of("reason.empty");
        }
        ImageFormat format = sniff(magic);
        if (format == null) {
            String prefix = HexFormat.ofDelimiter(" ").formatHex(magic, 0, Math.min(SHOWN_PREFIX, magic.length));
            throw ImageFormatException.of("reason.unknownFormat", prefix.toUpperCase(Locale.ROOT));
        }

        HeaderFacts facts = new HeaderFacts(format, limits);
        try {
            switch (format) {
                case JPEG -> JpegParser.parse(in, facts);
                case PNG -> PngParser.parse(in, facts);
                case GIF -> GifParser.parse(in, facts);
                case BMP -> BmpParser.parse(in, facts);
                case WEBP -> WebpParser.parse(in, facts);
                case TIFF -> TiffParser.parse(in, facts);
            }
        } catch (ImageFormatException e) {
            throw e.withPartial(facts.toHeader());
        }
        if (!facts.sizeKnown()) {
            throw ImageFormatException.of("reason.noSize").withPartial(facts.toHeader());
        }
        return facts.toHeader();
    }

    /** Returns the format whose signature {@code magic} starts with, or {@code null}. */
    static ImageFormat sniff(byte[] magic) {
        if (startsWith(magic, 0xFF, 0xD8, 0xFF)) {
            return ImageFormat.JPEG;
        }
        if (startsWith(magic, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return ImageFormat.PNG;
        }
        if (startsWith(magic, 'G', 'I', 'F', '8') && magic.length >= 6 && (magic[4] == '7' || magic[4] == '9')
                && magic[5] == 'a') {
            return ImageFormat.GIF;
        }
        if (startsWith(magic, 'B', 'M')) {
            return ImageFormat.BMP;
        }
        if (startsWith(magic, 'R', 'I', 'F', 'F') && magic.length >= 12 && magic[8] == 'W' && magic[9] == 'E'
                && magic[10] == 'B' && magic[11] == 'P') {
            return ImageFormat.WEBP;
        }
        if (startsWith(magic, 'I', 'I', 42, 0) || startsWith(magic, 'M', 'M', 0, 42)
                || startsWith(magic, 'I', 'I', 43, 0) || startsWith(magic, 'M', 'M', 0, 43)) {
            return ImageFormat.TIFF;
        }
        return null;
    }

    private static boolean startsWith(byte[] data, int... expected) {
        if (data.length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((data[i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
