package org.regiontag.app.gui.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Objects;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.Image;

/**
 * An image and its heatmap overlay scaled ahead to the screen pixels of a fitted {@link ZoomImageView},
 * so that the view draws them without scaling.
 *
 * <p>JavaFX's software renderer filters every screen pixel of a smoothly scaled image again in each
 * frame that repaints it. A 256-pixel image and overlay scaled to 531 pixels took 11 to 29 ms a
 * frame to paint, and the same pictures drawn unscaled at 531 pixels took 2 to 6 ms. Both were
 * measured on the 2-core development machine with JavaFX 21 on Monocle, other jobs running. A
 * picture scaled once off the FX thread is drawn without filtering.
 *
 * @param request what was scaled, and for which view
 * @param base the image at the size of {@link Request#baseBounds()}
 * @param overlay the overlay at the size of {@link Request#overlayBounds()}, or {@code null} without one
 */
record FittedPicture(Request request, Image base, Image overlay) {

    /**
     * A picture to scale: an image fitted to a view and centred, with the overlay over the part of
     * the image that {@code extent} covers.
     *
     * @param image the image
     * @param overlay the overlay, or {@code null}
     * @param extent the part of the image the overlay covers, as fractions of its width and height,
     *     or {@code null}
     * @param viewWidth the view's width, in layout pixels
     * @param viewHeight the view's height, in layout pixels
     * @param renderScale screen pixels per layout pixel (above 1 on a high-density screen)
     */
    record Request(Image image, Image overlay, Rectangle2D extent, double viewWidth, double viewHeight,
            double renderScale) {

        Request {
            Objects.requireNonNull(image, "image");
        }

        /** Returns whether this request has an overlay to draw. */
        boolean hasOverlay() {
            return overlay != null && extent != null;
        }

        /** Returns whether a picture of {@code other} is drawn at the same place on the same view. */
        boolean sameView(Request other) {
            return other != null && viewWidth == other.viewWidth && viewHeight == other.viewHeight
                    && renderScale == other.renderScale;
        }

        /** Returns where the image is drawn, in screen pixels from the view's corner. */
        PixelBounds baseBounds() {
            return bounds(0, 0, 1, 1);
        }

        /** Returns where the overlay is drawn, in screen pixels from the view's corner, for a request with an overlay. */
        PixelBounds overlayBounds() {
            return bounds(extent.getMinX(), extent.getMinY(), extent.getWidth(), extent.getHeight());
        }

        /** Returns where a part of the fitted image is drawn, the part given as fractions of its width and height. */
        private PixelBounds bounds(double x, double y, double width, double height) {
            double scale = fitScale(image, viewWidth, viewHeight);
            double imageWidth = scale * image.getWidth();
            double imageHeight = scale * image.getHeight();
            double left = (viewWidth - imageWidth) / 2;
            double top = (viewHeight - imageHeight) / 2;
            return PixelBounds.of(left + x * imageWidth, top + y * imageHeight, width * imageWidth,
                    height * imageHeight, renderScale);
        }
    }

    /** Returns the scale of image pixels to layout pixels that fits an image to a view, keeping its aspect. */
    static double fitScale(Image image, double viewWidth, double viewHeight) {
        return Math.min(viewWidth / image.getWidth(), viewHeight / image.getHeight());
    }

    /** A rectangle on whole screen pixels, at least one pixel wide and high. */
    record PixelBounds(int x, int y, int width, int height) {

        static PixelBounds of(double x, double y, double width, double height, double renderScale) {
            int left = (int) Math.round(x * renderScale);
            int top = (int) Math.round(y * renderScale);
            int right = (int) Math.round((x + width) * renderScale);
            int bottom = (int) Math.round((y + height) * renderScale);
            return new PixelBounds(left, top, Math.max(1, right - left), Math.max(1, bottom - top));
        }
    }

    /**
     * Scales the pictures of one view, one request at a time. Only the scaling thread calls
     * {@link #scale}. It keeps the last scaled image, so that a new overlay on the same image
     * scales the overlay alone. It also reuses its working buffers. A 531-pixel picture needs 1.1 MB,
     * so at about 30 key presses a second fresh buffers would add tens of megabytes a second of
     * garbage.
     */
    static final class Scaler {
        private final Buffers baseBuffers = new Buffers();
        private final Buffers overlayBuffers = new Buffers();
        private Image lastSource;
        private int lastWidth;
        private int lastHeight;
        private Image lastScaled;

        FittedPicture scale(Request request) {
            PixelBounds baseBounds = request.baseBounds();
            Image base;
            if (request.image() == lastSource && baseBounds.width() == lastWidth
                    && baseBounds.height() == lastHeight) {
                base = lastScaled;
            } else {
                base = scaled(request.image(), baseBounds.width(), baseBounds.height(), baseBuffers);
                lastSource = request.image();
                lastWidth = baseBounds.width();
                lastHeight = baseBounds.height();
                lastScaled = base;
            }

            Image overlay = null;
            if (request.hasOverlay()) {
                PixelBounds overlayBounds = request.overlayBounds();
                overlay = scaled(request.overlay(), overlayBounds.width(), overlayBounds.height(), overlayBuffers);
            }
            return new FittedPicture(request, base, overlay);
        }
    }

    /**
     * Scales an image with bilinear filtering, as an {@code ImageView} with smoothing does. An image
     * shrunk to less than half its size is halved in steps first, so that every source pixel counts
     * and fine detail does not alias.
     */
    static Image scaled(Image source, int width, int height) {
        return scaled(source, width, height, new Buffers());
    }

    private static Image scaled(Image source, int width, int height, Buffers buffers) {
        BufferedImage current = SwingFXUtils.fromFXImage(source,
                buffers.source((int) source.getWidth(), (int) source.getHeight()));
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = resized(current, new BufferedImage(current.getWidth() / 2, current.getHeight() / 2,
                    BufferedImage.TYPE_INT_ARGB_PRE));
        }
        if (current.getWidth() != width || current.getHeight() != height) {
            current = resized(current, buffers.target(width, height));
        }
        // The result is a new image, because the one made before may still be on screen.
        return SwingFXUtils.toFXImage(current, null);
    }

    /** The source and target images of one layer's scaling, kept for the next one of the same sizes. */
    private static final class Buffers {
        private BufferedImage source;
        private BufferedImage target;

        BufferedImage source(int width, int height) {
            source = sized(source, width, height);
            return source;
        }

        BufferedImage target(int width, int height) {
            target = sized(target, width, height);
            return target;
        }

        private static BufferedImage sized(BufferedImage kept, int width, int height) {
            if (kept != null && kept.getWidth() == width && kept.getHeight() == height) {
                return kept;
            }
            return new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB_PRE);
        }
    }

    /** Draws {@code source} scaled over the whole of {@code target}, replacing its pixels, and returns {@code target}. */
    private static BufferedImage resized(BufferedImage source, BufferedImage target) {
        int width = target.getWidth();
        int height = target.getHeight();
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setComposite(AlphaComposite.Src);
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(source, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return target;
    }
}
