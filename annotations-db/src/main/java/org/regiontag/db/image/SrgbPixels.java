package org.regiontag.db.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts an image as an ImageIO reader returns it to 8-bit sRGB composited over an opaque
 * background, written in upright order. Inputs are grey, grey with alpha, palette, RGB or RGBA at
 * 1 to 16 bits per sample, or any colour space with an ICC profile.
 *
 * <p>Samples of Java's built-in grey colour space are taken as sRGB-encoded grey levels, because
 * that is what grey PNG and JPEG files store. Java2D would treat that space as linear and brighten
 * mid-greys (128 becomes 188) on its own conversion path. Sample depths other than 8 bits scale to
 * 8 bits with rounding: {@code round(v × 255 / (2^bits − 1))}.
 */
final class SrgbPixels {

    private static final Logger LOG = LoggerFactory.getLogger(SrgbPixels.class);
    private static final ColorSpace BUILT_IN_GREY = ColorSpace.getInstance(ColorSpace.CS_GRAY);

    private SrgbPixels() {
    }

    /**
     * Writes {@code image} to {@code target} as 0xRRGGBB values.
     *
     * @param image the decoded image, in stored orientation
     * @param iccProfile a profile that the reader ignored and that describes the samples, or {@code null}
     * @param background the 0xRRGGBB colour that transparent pixels are composited over
     * @param placement where each stored pixel goes in {@code target}
     * @param target the upright pixels, row-major, {@code image}'s size with axes swapped when
     *     {@code placement} swaps them
     */
    static void convert(BufferedImage image, ICC_Profile iccProfile, int background, Orientation placement,
            int[] target) {
        BufferedImage source = image;
        ColorModel colorModel = source.getColorModel();
        if (colorModel.isAlphaPremultiplied()) {
            source.coerceData(false);
        }
        if (!(colorModel instanceof IndexColorModel) && !isSrgbEncoded(colorModel.getColorSpace())) {
            source = convertColorSpace(source);
        } else if (iccProfile != null) {
            source = applyProfile(source, iccProfile);
        }

        int width = source.getWidth();
        int[] argb = new int[width];
        RowReader reader = rowReader(source);
        int backgroundRed = background >> 16 & 0xFF;
        int backgroundGreen = background >> 8 & 0xFF;
        int backgroundBlue = background & 0xFF;
        int step = placement.step();
        for (int y = 0; y < source.getHeight(); y++) {
            reader.read(y, argb);
            int index = placement.rowStart(y);
            for (int x = 0; x < width; x++, index += step) {
                int pixel = argb[x];
                int alpha = pixel >>> 24;
                if (alpha != 0xFF) {
                    int red = blend(pixel >> 16 & 0xFF, backgroundRed, alpha);
                    int green = blend(pixel >> 8 & 0xFF, backgroundGreen, alpha);
                    int blue = blend(pixel & 0xFF, backgroundBlue, alpha);
                    pixel = red << 16 | green << 8 | blue;
                }
                target[index] = pixel & 0xFFFFFF;
            }
        }
    }

    private static boolean isSrgbEncoded(ColorSpace space) {
        return space.isCS_sRGB() || space == BUILT_IN_GREY;
    }

    private static int blend(int colour, int background, int alpha) {
        return (colour * alpha + background * (255 - alpha) + 127) / 255;
    }

    /** Converts an image whose reader attached a non-sRGB colour space (an ICC profile, CMYK). */
    private static BufferedImage convertColorSpace(BufferedImage source) {
        BufferedImage converted = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_ARGB);
        new ColorConvertOp(null).filter(source, converted);
        return converted;
    }

    /**
     * Reinterprets the samples of an image that its reader left unmanaged in the colour space of
     * {@code profile}, and converts them to sRGB. A profile of a colour space that does not match
     * the image is ignored, as libpng does.
     */
    private static BufferedImage applyProfile(BufferedImage source, ICC_Profile profile) {
        ColorModel colorModel = source.getColorModel();
        int colours = colorModel instanceof IndexColorModel ? 3 : colorModel.getNumColorComponents();
        int profileType = profile.getColorSpaceType();
        boolean matches = (profileType == ColorSpace.TYPE_RGB && colours == 3)
                || (profileType == ColorSpace.TYPE_GRAY && colours == 1);
        if (!matches) {
            LOG.debug("Ignoring an ICC profile of colour space type {} for an image with {} colour components",
                    profileType, colours);
            return source;
        }

        int width = source.getWidth();
        int height = source.getHeight();
        int bands = colours + 1;
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, bands, null);
        int[] argb = new int[width];
        int[] samples = new int[width * bands];
        RowReader reader = rowReader(source);
        for (int y = 0; y < height; y++) {
            reader.read(y, argb);
            for (int x = 0; x < width; x++) {
                int pixel = argb[x];
                int at = x * bands;
                if (colours == 3) {
                    samples[at] = pixel >> 16 & 0xFF;
                    samples[at + 1] = pixel >> 8 & 0xFF;
                    samples[at + 2] = pixel & 0xFF;
                } else {
                    samples[at] = pixel & 0xFF;
                }
                samples[at + colours] = pixel >>> 24;
            }
            raster.setPixels(0, y, width, 1, samples);
        }
        ComponentColorModel tagged = new ComponentColorModel(new ICC_ColorSpace(profile), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        return convertColorSpace(new BufferedImage(tagged, raster, false, null));
    }

    /** Reads one stored row as non-premultiplied 0xAARRGGBB. */
    private interface RowReader {
        void read(int y, int[] argb);
    }

    private static RowReader rowReader(BufferedImage image) {
        ColorModel colorModel = image.getColorModel();
        Raster raster = image.getRaster();
        int width = image.getWidth();
        if (colorModel instanceof IndexColorModel palette) {
            int[] lookup = new int[palette.getMapSize()];
            palette.getRGBs(lookup);
            int[] indices = new int[width];
            return (y, argb) -> {
                raster.getSamples(0, y, width, 1, 0, indices);
                for (int x = 0; x < width; x++) {
                    int index = indices[x];
                    argb[x] = index < lookup.length ? lookup[index] : 0xFF000000;
                }
            };
        }
        int transferType = raster.getTransferType();
        boolean integerSamples = transferType == DataBuffer.TYPE_BYTE || transferType == DataBuffer.TYPE_USHORT;
        if (colorModel instanceof ComponentColorModel && integerSamples && isSrgbEncoded(colorModel.getColorSpace())) {
            return componentRowReader(colorModel, raster, width);
        }
        return (y, argb) -> image.getRGB(0, y, width, 1, argb, 0, width);
    }

    private static RowReader componentRowReader(ColorModel colorModel, Raster raster, int width) {
        int bands = raster.getNumBands();
        int colours = colorModel.getNumColorComponents();
        boolean alpha = colorModel.hasAlpha();
        if (raster.getDataBuffer() instanceof DataBufferByte bytes && bytes.getNumBanks() == 1
                && raster.getSampleModel() instanceof ComponentSampleModel layout) {
            return byteRowReader(bytes, layout, raster, colours, alpha);
        }
        int[] maxima = new int[bands];
        for (int b = 0; b < bands; b++) {
            maxima[b] = (1 << raster.getSampleModel().getSampleSize(b)) - 1;
        }
        int[] samples = new int[width * bands];
        return (y, argb) -> {
            raster.getPixels(0, y, width, 1, samples);
            for (int x = 0, at = 0; x < width; x++, at += bands) {
                int red = to8Bits(samples[at], maxima[0]);
                int green = colours == 3 ? to8Bits(samples[at + 1], maxima[1]) : red;
                int blue = colours == 3 ? to8Bits(samples[at + 2], maxima[2]) : red;
                int opacity = alpha ? to8Bits(samples[at + colours], maxima[colours]) : 0xFF;
                argb[x] = opacity << 24 | red << 16 | green << 8 | blue;
            }
        };
    }

    /**
     * Reads 8-bit samples straight from the data array. Most JPEG and PNG decodes have this layout,
     * and {@link Raster#getPixels}, which reads sample by sample, was several times slower on it.
     */
    private static RowReader byteRowReader(DataBufferByte bytes, ComponentSampleModel layout, Raster raster,
            int colours, boolean alpha) {
        byte[] data = bytes.getData();
        int rowStride = layout.getScanlineStride();
        int pixelStride = layout.getPixelStride();
        int[] offsets = layout.getBandOffsets();
        int redOffset = offsets[0];
        int greenOffset = colours == 3 ? offsets[1] : offsets[0];
        int blueOffset = colours == 3 ? offsets[2] : offsets[0];
        int alphaOffset = alpha ? offsets[colours] : -1;
        int origin = bytes.getOffset() - raster.getSampleModelTranslateY() * rowStride
                - raster.getSampleModelTranslateX() * pixelStride;
        int width = raster.getWidth();
        return (y, argb) -> {
            int at = origin + y * rowStride;
            for (int x = 0; x < width; x++, at += pixelStride) {
                int opacity = alphaOffset < 0 ? 0xFF : data[at + alphaOffset] & 0xFF;
                argb[x] = opacity << 24 | (data[at + redOffset] & 0xFF) << 16 | (data[at + greenOffset] & 0xFF) << 8
                        | data[at + blueOffset] & 0xFF;
            }
        };
    }

    private static int to8Bits(int sample, int maximum) {
        if (maximum == 0xFF) {
            return sample;
        }
        return (int) (((long) sample * 255 + maximum / 2) / maximum);
    }
}
