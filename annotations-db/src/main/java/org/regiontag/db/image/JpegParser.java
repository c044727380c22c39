package org.regiontag.db.image;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/**
 * Walks a JPEG file's marker structure (ITU-T T.81, annex B) from the start-of-image marker to the
 * end-of-image marker: the frame header gives the size, the first APP1 Exif segment the
 * orientation, and the walk through the entropy-coded data finds where a cut file ends. Bytes after
 * the end-of-image marker (camera trailers, a second image in MPO files) are allowed.
 */
final class JpegParser {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP1 = 0xE1;
    private static final int TEM = 0x01;

    private JpegParser() {
    }

    static void parse(ByteSource in, HeaderFacts facts) throws IOException, ImageFormatException {
        in.skip(2);
        boolean frameSeen = false;
        boolean exifSeen = false;
        boolean scanSeen = false;
        int pending = -1;

        while (true) {
            int marker = pending >= 0 ? pending : nextMarker(in, scanSeen);
            pending = -1;
            long markerOffset = in.position() - 2;

            if (marker == EOI) {
                if (!scanSeen) {
                    throw ImageFormatException.of("reason.jpeg.noImageData");
                }
                return;
            }
            if (marker == SOI) {
                throw ImageFormatException.of("reason.jpeg.secondSoi", markerOffset);
            }
            if (marker == TEM || isRestart(marker)) {
                continue;
            }

            int length = readSegmentLength(in, marker, markerOffset);
            if (marker == SOS) {
                if (!frameSeen) {
                    throw ImageFormatException.of("reason.jpeg.noFrame");
                }
                skipSegment(in, marker, length);
                scanSeen = true;
                pending = in.skipEntropyCodedData();
                if (pending < 0) {
                    throw ImageFormatException.of("reason.jpeg.truncatedData", in.position());
                }
            } else if (isStartOfFrame(marker) && !frameSeen) {
                readFrameHeader(in, facts, marker, markerOffset, length);
                frameSeen = true;
            } else if (marker == APP1 && !exifSeen && length - 2 >= ExifOrientation.exifPrefixLength()) {
                byte[] payload = readSegment(in, marker, length);
                if (ExifOrientation.startsWithExifPrefix(payload, 0, payload.length)) {
                    int prefix = ExifOrientation.exifPrefixLength();
                    facts.declareOrientation(ExifOrientation.read(payload, prefix, payload.length - prefix));
                    exifSeen = true;
                }
            } else {
                skipSegment(in, marker, length);
            }
        }
    }

    /**
     * Reads the next marker code, skipping fill bytes and, as libjpeg does with a warning, any
     * extraneous bytes before the marker.
     */
    private static int nextMarker(ByteSource in, boolean scanSeen) throws IOException, ImageFormatException {
        int b = in.read();
        while (true) {
            while (b >= 0 && b != 0xFF) {
                b = in.read();
            }
            while (b == 0xFF) {
                b = in.read();
            }
            if (b < 0) {
                String key = scanSeen ? "reason.jpeg.truncatedNoEoi" : "reason.jpeg.truncatedBeforeData";
                throw ImageFormatException.of(key, in.position());
            }
            if (b != 0x00) {
                return b;
            }
            b = in.read();
        }
    }

    private static int readSegmentLength(ByteSource in, int marker, long markerOffset)
            throws IOException, ImageFormatException {
        int length;
        try {
            length = in.readUnsignedShortBigEndian();
        } catch (EOFException e) {
            throw truncatedSegment(in, marker);
        }
        if (length < 2) {
            throw ImageFormatException.of("reason.jpeg.badLength", markerName(marker), markerOffset, length);
        }
        return length;
    }

    private static void readFrameHeader(ByteSource in, HeaderFacts facts, int marker, long markerOffset, int length)
            throws IOException, ImageFormatException {
        if (length < 8) {
            throw ImageFormatException.of("reason.jpeg.badLength", markerName(marker), markerOffset, length);
        }
        byte[] header = readSegment(in, marker, length);
        int height = (header[1] & 0xFF) << 8 | header[2] & 0xFF;
        int width = (header[3] & 0xFF) << 8 | header[4] & 0xFF;
        if (height == 0 && width > 0) {
            throw ImageFormatException.of("reason.jpeg.heightFromDnl");
        }
        facts.declareSize(width, height);

        int process = marker - 0xC0;
        if (process >= 9) {
            throw ImageFormatException.of("reason.jpeg.arithmetic", markerName(marker));
        }
        if (process >= 5) {
            throw ImageFormatException.of("reason.jpeg.hierarchical", markerName(marker));
        }
    }

    private static byte[] readSegment(ByteSource in, int marker, int length) throws IOException, ImageFormatException {
        try {
            return in.readFully(length - 2);
        } catch (EOFException e) {
            throw truncatedSegment(in, marker);
        }
    }

    private static void skipSegment(ByteSource in, int marker, int length) throws IOException, ImageFormatException {
        try {
            in.skip(length - 2);
        } catch (EOFException e) {
            throw truncatedSegment(in, marker);
        }
    }

    private static ImageFormatException truncatedSegment(ByteSource in, int marker) {
        return ImageFormatException.of("reason.jpeg.truncatedSegment", markerName(marker), in.position());
    }

    /** SOF0 to SOF15 except DHT (0xC4), JPG (0xC8) and DAC (0xCC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean isRestart(int marker) {
        return marker >= 0xD0 && marker <= 0xD7;
    }

    /** The marker's name in T.81, or its hex code for the rarely seen ones. */
    static String markerName(int marker) {
        if (isStartOfFrame(marker)) {
            return "SOF" + (marker - 0xC0);
        }
        if (marker >= 0xE0 && marker <= 0xEF) {
            return "APP" + (marker - 0xE0);
        }
        return switch (marker) {
            case 0xC4 -> "DHT";
            case 0xCC -> "DAC";
            case 0xDA -> "SOS";
            case 0xDB -> "DQT";
            case 0xDC -> "DNL";
            case 0xDD -> "DRI";
            case 0xFE -> "COM";
            default -> String.format(Locale.ROOT, "0xFF%02X", marker);
        };
    }
}
