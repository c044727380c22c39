package org.regiontag.db.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes image files to upright 8-bit sRGB pixels: a {@link BufferedImage} of
 * {@link BufferedImage#TYPE_INT_RGB} with the EXIF orientation applied.
 *
 * <p>Before any pixel buffer exists, the decoder checks the file's structure as {@link ImageProbe}
 * does, so a file the probe reports damaged (truncated, corrupt, above the {@link ImageLimits})
 * fails here with the same reason. Then the format's ImageIO reader decodes it. For JPEG that is
 * always TwelveMonkeys' reader, which converts CMYK and YCCK (Adobe inverted or not) and embedded
 * ICC profiles to sRGB; for TIFF and WebP TwelveMonkeys' readers are preferred too. Every layout a
 * reader returns is then converted to sRGB: grey and palette images expand to RGB, samples of 16
 * bits scale to 8 with rounding, a PNG {@code iCCP} profile is applied, and transparent pixels are
 * composited over the background colour (white unless the constructor sets another).
 *
 * <p>NOTE: PNG {@code gAMA}, {@code cHRM} and {@code sRGB} chunks are ignored, so a PNG that
 * declares a gamma without an ICC profile decodes as if it were sRGB.
 *
 * <p>Thread-safe: every call creates its own ImageIO reader.
 */
public final class ImageDecoder {

    /** The default background for transparent pixels, as a page or viewer shows them. */
    public static final int WHITE = 0xFFFFFF;

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);
    /** The largest Java array, which one {@code TYPE_INT_RGB} image must fit in. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    private static final String TWELVEMONKEYS = "com.twelvemonkeys.";

    private final ImageLimits limits;
    private final int background;

    /** Creates a decoder with {@link ImageLimits#DEFAULT} that composites transparent pixels over white. */
    public ImageDecoder() {
        this(ImageLimits.DEFAULT, WHITE);
    }

    /**
     * @param limits the largest image to decode, checked against the header before decoding
     * @param background the 0xRRGGBB colour that transparent pixels are composited over
     */
    public ImageDecoder(ImageLimits limits, int background) {
        this.limits = limits;
        this.background = background & 0xFFFFFF;
    }

    public ImageLimits limits() {
        return limits;
    }

    /** Returns the 0xRRGGBB colour that transparent pixels are composited over. */
    public int background() {
        return background;
    }

    /**
     * Decodes a whole image.
     *
     * @return the upright image, {@code TYPE_INT_RGB}, of the probe's display size
     * @throws ImageDecodeException when the file is missing, unreadable, damaged, unsupported or
     *     above the limits
     */
    public BufferedImage decode(Path file) throws ImageDecodeException {
        return decode(file, Integer.MAX_VALUE);
    }

    /**
     * Decodes an image scaled to fit in a square of {@code maxSide} pixels, for thumbnails. The
     * reader skips rows and columns (ImageIO source subsampling, nearest neighbour) down to the
     * smallest size of at least {@code maxSide} pixels, so a 6000-pixel photo never exists at full
     * size in memory; a bilinear resize then gives the exact size.
     *
     * @param maxSide the longest side of the result, at least 1
     * @return the upright image, {@code TYPE_INT_RGB}, whose longest side is {@code maxSide}, or
     *     the whole image when it is smaller; the other side keeps the aspect ratio, rounded, at
     *     least 1 pixel
     * @throws ImageDecodeException when the file is missing, unreadable, damaged, unsupported or
     *     above the limits (which apply to the stored size, subsampled or not)
     */
    public BufferedImage decode(Path file, int maxSide) throws ImageDecodeException {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be at least 1, got " + maxSide);
        }
        ImageHeader header = readHeader(file);
        BufferedImage stored = read(file, header, maxSide);

        Orientation placement = new Orientation(header.orientation(), stored.getWidth(), stored.getHeight());
        BufferedImage upright = new BufferedImage(placement.uprightWidth(), placement.uprightHeight(),
                BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) upright.getRaster().getDataBuffer()).getData();
        SrgbPixels.convert(stored, parseProfile(file, header.iccProfile()), background, placement, pixels);
        return fit(upright, maxSide);
    }

    /** Checks the file's structure and limits, as the probe does, without hashing. */
    private ImageHeader readHeader(Path file) throws ImageDecodeException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw failure(file, ImageMessages.MESSAGES.format("reason.notRegularFile"), null);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return ImageHeaders.read(new ByteSource(channel, null), limits);
        } catch (ImageFormatException e) {
            throw failure(file, e.getMessage(), null);
        } catch (NoSuchFileException e) {
            throw failure(file, ImageMessages.MESSAGES.format("reason.notFound"), e);
        } catch (AccessDeniedException e) {
            throw failure(file, ImageMessages.MESSAGES.format("reason.accessDenied"), e);
        } catch (IOException e) {
            throw failure(file, ImageMessages.MESSAGES.format("reason.unreadable", ImageProbe.oneLine(e)), e);
        }
    }

    /** Runs the format's ImageIO reader, subsampling so that the longest side stays at least {@code maxSide}. */
    private BufferedImage read(Path file, ImageHeader header, int maxSide) throws ImageDecodeException {
        ImageReader reader = newReader(file, header.format());
        try (ImageInputStream stream = ImageIO.createImageInputStream(file.toFile())) {
            if (stream == null) {
                throw failure(file, ImageMessages.MESSAGES.format("reason.unreadable", "no ImageIO input stream"), null);
            }
            reader.setInput(stream, true, true);
            reader.addIIOReadWarningListener((source, warning) -> LOG.debug("Decoding {}: {}", file, warning));
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (!limits.admits(width, height) || (long) width * height > MAX_ARRAY_LENGTH) {
                String reason = ImageMessages.MESSAGES.format("reason.tooLarge", width, height, limits.maxSide(),
                        limits.maxPixels() / 1_000_000.0);
                throw failure(file, reason, null);
            }

            ImageReadParam param = reader.getDefaultReadParam();
            int subsampling = Math.max(1, Math.max(width, height) / maxSide);
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            return reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            String reason = ImageMessages.MESSAGES.format("decode.readerFailed", ImageProbe.oneLine(e));
            throw failure(file, reason, e);
        } finally {
            reader.dispose();
        }
    }

    /** Parses an embedded ICC profile, or returns {@code null} (sRGB is assumed) when there is none or it is invalid. */
    private static ICC_Profile parseProfile(Path file, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return ICC_Profile.getInstance(data);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring the embedded ICC profile of {}, which Java cannot parse: {}", file, e.getMessage());
            return null;
        }
    }

    /**
     * Creates a reader for the format, preferring TwelveMonkeys' plugins. For JPEG it insists on
     * TwelveMonkeys, because the JDK's reader returns CMYK and YCCK files with wrong colours.
     */
    private static ImageReader newReader(Path file, ImageFormat format) throws ImageDecodeException {
        String name = format.imageIoName();
        Iterator<ImageReaderSpi> providers = IIORegistry.getDefaultInstance().getServiceProviders(
                ImageReaderSpi.class, spi -> Arrays.asList(((ImageReaderSpi) spi).getFormatNames()).contains(name), true);
        ImageReaderSpi chosen = null;
        while (providers.hasNext()) {
            ImageReaderSpi provider = providers.next();
            boolean preferred = provider.getClass().getName().startsWith(TWELVEMONKEYS);
            if (chosen == null || preferred && !chosen.getClass().getName().startsWith(TWELVEMONKEYS)) {
                chosen = provider;
            }
        }
        if (format == ImageFormat.JPEG && (chosen == null || !chosen.getClass().getName().startsWith(TWELVEMONKEYS))) {
            throw new IllegalStateException("TwelveMonkeys' JPEG reader (com.twelvemonkeys.imageio:imageio-jpeg) "
                    + "is not registered with ImageIO; add it to the class path so that CMYK JPEGs decode correctly");
        }
        if (chosen == null) {
            throw failure(file, ImageMessages.MESSAGES.format("decode.noReader", name), null);
        }
        try {
            return chosen.createReaderInstance();
        } catch (IOException e) {
            throw failure(file, ImageMessages.MESSAGES.format("decode.noReader", name), e);
        }
    }

    /** Scales an image down so that its longest side is {@code maxSide}, halving first to limit aliasing. */
    private static BufferedImage fit(BufferedImage image, int maxSide) {
        int width = image.getWidth();
        int height = image.getHeight();
        int longest = Math.max(width, height);
        if (longest <= maxSide) {
            return image;
        }
        double scale = (double) maxSide / longest;
        int targetWidth = width >= height ? maxSide : Math.max(1, (int) Math.round(width * scale));
        int targetHeight = height > width ? maxSide : Math.max(1, (int) Math.round(height * scale));

        BufferedImage current = image;
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return resize(current, targetWidth, targetHeight);
    }

    private static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = resized.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return resized;
    }

    private static ImageDecodeException failure(Path file, String reason, Throwable cause) {
        return new ImageDecodeException(file, reason, cause);
    }
}
