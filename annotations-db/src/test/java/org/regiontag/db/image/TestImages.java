package org.regiontag.db.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Writes the image files that the tests need, with ImageIO and byte-level construction. */
final class TestImages {

    static final int RED = 0xFF0000;
    static final int GREEN = 0x00FF00;
    static final int BLUE = 0x0000FF;
    static final int GREY = 0x808080;

    private TestImages() {
    }

    /**
     * An image with three distinct corners, so that each of the eight orientations gives a
     * different picture: red top left, green top right, blue bottom left, grey elsewhere. The
     * corner blocks are 16 × 16, aligned to JPEG's 8 × 8 blocks so they survive compression.
     */
    static BufferedImage cornerImage(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(GREY));
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(new Color(RED));
        graphics.fillRect(0, 0, 16, 16);
        graphics.setColor(new Color(GREEN));
        graphics.fillRect(width - 16, 0, 16, 16);
        graphics.setColor(new Color(BLUE));
        graphics.fillRect(0, height - 16, 16, 16);
        graphics.dispose();
        return image;
    }

    /** An image of random pixels, which compresses badly and so makes large files. */
    static BufferedImage noise(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    static byte[] jpeg(RenderedImage image) {
        return jpeg(image, false);
    }

    /** Encodes a JPEG at quality 0.95 with ImageIO's first JPEG writer. */
    static byte[] jpeg(RenderedImage image, boolean progressive) {
        return write(image, progressive, "jpeg");
    }

    /** Encodes a raw raster (four bands are written as they are, without a colour transform). */
    static byte[] jpeg(Raster raster) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), qualityParam(writer, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] write(RenderedImage image, boolean progressive, String format) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), qualityParam(writer, progressive));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriteParam qualityParam(ImageWriter writer, boolean progressive) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        return param;
    }

    /** Encodes with ImageIO's default writer for {@code format} ("png", "gif", "bmp", "tiff"). */
    static byte[] encode(RenderedImage image, String format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " accepts " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Inserts a complete JPEG segment (marker included) right after the SOI marker. */
    static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        byte[] result = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, result, 0, 2);
        System.arraycopy(segment, 0, result, 2, segment.length);
        System.arraycopy(jpeg, 2, result, 2 + segment.length, jpeg.length - 2);
        return result;
    }

    /** A JPEG segment: the marker, the big-endian length (payload plus 2), the payload. */
    static byte[] segment(int marker, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + payload.length);
        buffer.put((byte) 0xFF).put((byte) marker).putShort((short) (payload.length + 2)).put(payload);
        return buffer.array();
    }

    /**
     * An EXIF block (TIFF structure) whose IFD0 holds only an Orientation entry of type SHORT.
     *
     * @param bigEndian {@code MM} (Motorola) byte order when true, {@code II} (Intel) otherwise
     */
    static byte[] exifTiff(int orientation, boolean bigEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        tiff.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I');
        tiff.putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        return tiff.array();
    }

    /** The APP1 segment that cameras write: {@code Exif\0\0} followed by the TIFF structure. */
    static byte[] exifSegment(int orientation, boolean bigEndian) {
        return segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), exifTiff(orientation, bigEndian)));
    }

    /** A JPEG of {@code image} carrying an EXIF orientation. */
    static byte[] jpegWithOrientation(BufferedImage image, int orientation, boolean bigEndian) {
        return insertAfterSoi(jpeg(image), exifSegment(orientation, bigEndian));
    }

    /**
     * Adobe's APP14 segment (Adobe technical note 5116): version 100, no flags, and the colour
     * transform: 0 for CMYK stored as is, 1 for YCbCr, 2 for YCCK.
     */
    static byte[] adobeSegment(int transform) {
        byte[] payload = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
        return segment(0xEE, payload);
    }

    /** An APP2 segment holding a whole ICC profile in one chunk (ICC.1 annex B.4). */
    static byte[] iccSegment(byte[] profile) {
        byte[] header = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        return segment(0xE2, concat(header, new byte[] {1, 1}, profile));
    }

    /**
     * An Adobe CMYK or YCCK JPEG of blocks of ink. As Photoshop does, the file stores inverted
     * values (255 minus the ink) and marks itself with an APP14 Adobe segment. For YCCK, the
     * inverted C, M and Y go through the YCbCr transform that libjpeg's encoder applies (R = 255 −
     * C and so on, then JFIF's RGB to YCbCr); K stays inverted.
     *
     * @param inks rows of blocks, each block {C, M, Y, K} from 0 (no ink) to 255 (full ink)
     * @param blockSize the side of each block in pixels
     */
    static byte[] adobeCmykJpeg(int[][][] inks, int blockSize, boolean ycck) {
        int rows = inks.length;
        int columns = inks[0].length;
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, columns * blockSize,
                rows * blockSize, 4, null);
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                int[] ink = inks[y / blockSize][x / blockSize];
                int[] stored = new int[4];
                for (int b = 0; b < 4; b++) {
                    stored[b] = 255 - ink[b];
                }
                if (ycck) {
                    double red = 255 - stored[0];
                    double green = 255 - stored[1];
                    double blue = 255 - stored[2];
                    stored[0] = clamp(0.299 * red + 0.587 * green + 0.114 * blue);
                    stored[1] = clamp(128 - 0.168736 * red - 0.331264 * green + 0.5 * blue);
                    stored[2] = clamp(128 + 0.5 * red - 0.418688 * green - 0.081312 * blue);
                }
                raster.setPixel(x, y, stored);
            }
        }
        return insertAfterSoi(jpeg(raster), adobeSegment(ycck ? 2 : 0));
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    /** One PNG chunk: length, type, data and the CRC-32 of type and data. */
    static byte[] pngChunk(String type, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
            out.writeInt(data.length);
            out.write(typeBytes);
            out.write(data);
            CRC32 crc = new CRC32();
            crc.update(typeBytes);
            crc.update(data);
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Inserts a chunk after IHDR, which always ends at byte 33 (8 signature + 25 chunk bytes). */
    static byte[] insertAfterIhdr(byte[] png, byte[] chunk) {
        byte[] result = new byte[png.length + chunk.length];
        System.arraycopy(png, 0, result, 0, 33);
        System.arraycopy(chunk, 0, result, 33, chunk.length);
        System.arraycopy(png, 33, result, 33 + chunk.length, png.length - 33);
        return result;
    }

    /** An iCCP chunk: keyword, zero byte, compression method 0, zlib-compressed profile. */
    static byte[] iccpChunk(byte[] profile) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes("test profile".getBytes(StandardCharsets.ISO_8859_1));
        data.write(0);
        data.write(0);
        data.writeBytes(deflate(profile));
        return pngChunk("iCCP", data.toByteArray());
    }

    static byte[] deflate(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A complete, valid-looking PNG whose IHDR declares the given size (8-bit RGB) and whose IDAT
     * holds a few compressed bytes, far fewer than the size needs: a decompression bomb's header.
     */
    static byte[] pngDeclaring(long width, long height) {
        ByteBuffer header = ByteBuffer.allocate(13);
        header.putInt((int) width).putInt((int) height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
                .put((byte) 0);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        return concat(signature, pngChunk("IHDR", header.array()), pngChunk("IDAT", deflate(new byte[64])),
                pngChunk("IEND", new byte[0]));
    }

    /**
     * An uncompressed 8-bit RGB TIFF with one strip and an Orientation tag, built byte by byte as
     * TIFF 6.0 describes it: header, pixel data at byte 8, then IFD0.
     */
    static byte[] tiff(BufferedImage image, int orientation, boolean bigEndian) {
        int width = image.getWidth();
        int height = image.getHeight();
        int dataLength = width * height * 3;
        int entries = 10;
        int directory = 8 + dataLength;
        int bitsPerSample = directory + 2 + entries * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(bitsPerSample + 6)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        tiff.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I');
        tiff.putShort((short) 42).putInt(directory);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                tiff.put((byte) (rgb >> 16)).put((byte) (rgb >> 8)).put((byte) rgb);
            }
        }
        tiff.putShort((short) entries);
        putEntry(tiff, 256, 4, 1, width);
        putEntry(tiff, 257, 4, 1, height);
        putEntry(tiff, 258, 3, 3, bitsPerSample);
        putEntry(tiff, 259, 3, 1, 1);
        putEntry(tiff, 262, 3, 1, 2);
        putEntry(tiff, 273, 4, 1, 8);
        putEntry(tiff, 274, 3, 1, orientation);
        putEntry(tiff, 277, 3, 1, 3);
        putEntry(tiff, 278, 4, 1, height);
        putEntry(tiff, 279, 4, 1, dataLength);
        tiff.putInt(0);
        tiff.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        return tiff.array();
    }

    /** A directory entry; a SHORT value sits in the first two bytes of the value field. */
    private static void putEntry(ByteBuffer tiff, int tag, int type, int count, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) {
            tiff.putShort((short) value).putShort((short) 0);
        } else {
            tiff.putInt(value);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }

    static byte[] cut(byte[] data, int length) {
        return Arrays.copyOf(data, length);
    }

    /** Returns the offset of the first occurrence of {@code pattern}, or -1. */
    static int indexOf(byte[] data, byte... pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            boolean match = true;
            for (int j = 0; j < pattern.length && match; j++) {
                match = data[i + j] == pattern[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }
}
