package org.regiontag.app.gui.image;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Affine;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image with its heatmap overlay, zoomed with the wheel (around the pointer) or the keys, and
 * panned by dragging. A new image is fitted to the view; the overlay is drawn over the part of the
 * image it covers, at the opacity of {@link #overlayOpacityProperty()}.
 *
 * <p>While the image is fitted, the view draws a {@link FittedPicture}: the image and overlay scaled
 * ahead to its screen pixels on a background thread. Until the picture of new content is ready, it
 * keeps drawing the previous picture when the view's size is unchanged, and otherwise scales the
 * image and overlay as it draws them, as it always does while zoomed or panned.
 */
public final class ZoomImageView extends Region {

    /** Zoom per key press or wheel notch. */
    private static final double STEP = 1.25;
    private static final double MIN_SCALE = 0.05;
    private static final double MAX_SCALE = 32;
    private static final Logger LOG = LoggerFactory.getLogger(ZoomImageView.class);
    /** The thread that scales the fitted pictures of every view. A view queues only its latest request. */
    private static final ExecutorService SCALING = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "fitted-image-scaling");
        thread.setDaemon(true);
        return thread;
    });

    private final ImageView base = new ImageView();
    private final ImageView overlay = new ImageView();
    private final Group content = new Group(base, overlay);
    private final ImageView fittedBase = new ImageView();
    private final ImageView fittedOverlay = new ImageView();
    private final Group fittedContent = new Group(fittedBase, fittedOverlay);
    private final FittedPicture.Scaler scaler = new FittedPicture.Scaler();
    /** The request waiting for the scaling thread, or {@code null} when none is waiting. */
    private final AtomicReference<FittedPicture.Request> queued = new AtomicReference<>();
    /** The request that {@link #fittedBase} and {@link #fittedOverlay} show, or {@code null}. */
    private FittedPicture.Request shownPicture;
    /** The last request whose scaling failed, or {@code null}. Its content is drawn scaled instead of queued again. */
    private FittedPicture.Request failedPicture;
    private final ReadOnlyObjectWrapper<Image> shownOverlay = new ReadOnlyObjectWrapper<>(this, "shownOverlay");
    private final Affine transform = new Affine();
    private final DoubleProperty overlayOpacity = new SimpleDoubleProperty(this, "overlayOpacity", 0.5);
    private final Rectangle clip = new Rectangle();
    private Rectangle2D extent;
    private boolean fitted = true;
    private Point2D dragStart;
    private double dragStartX;
    private double dragStartY;

    public ZoomImageView() {
        getStyleClass().add("zoom-image-view");
        base.setSmooth(true);
        overlay.setSmooth(true);
        overlay.setMouseTransparent(true);
        overlay.opacityProperty().bind(overlayOpacity);
        content.getTransforms().add(transform);
        // The fitted picture has one screen pixel per image pixel, so filtering would change nothing.
        fittedBase.setSmooth(false);
        fittedOverlay.setSmooth(false);
        fittedOverlay.opacityProperty().bind(overlayOpacity);
        fittedContent.setMouseTransparent(true);
        fittedContent.setVisible(false);
        getChildren().addAll(content, fittedContent);
        setClip(clip);
        setMinSize(0, 0);

        addEventHandler(ScrollEvent.SCROLL, event -> {
            if (event.getDeltaY() != 0) {
                zoomAt(event.getDeltaY() > 0 ? STEP : 1 / STEP, event.getX(), event.getY());
                event.consume();
            }
        });
        setOnMousePressed(event -> {
            if (event.getButton() == MouseButton.PRIMARY) {
                dragStart = new Point2D(event.getX(), event.getY());
                dragStartX = transform.getTx();
                dragStartY = transform.getTy();
            }
        });
        setOnMouseDragged(event -> {
            if (dragStart != null) {
                transform.setTx(dragStartX + event.getX() - dragStart.getX());
                transform.setTy(dragStartY + event.getY() - dragStart.getY());
                fitted = false;
                updatePicture();
            }
        });
        setOnMouseReleased(event -> dragStart = null);
        setOnMouseClicked(event -> {
            if (event.getClickCount() == 2) {
                fit();
            }
        });
    }

    /** Shows a new image, fitted to the view; {@code null} shows nothing. */
    public void setImage(Image image) {
        base.setImage(image);
        placeOverlay();
        fit();
    }

    public Image getImage() {
        return base.getImage();
    }

    /**
     * Shows a heatmap over the image.
     *
     * @param colours the heatmap at full opacity, or {@code null} to show none
     * @param coveredPart the covered part of the image as fractions of its width and height
     */
    public void setOverlay(Image colours, Rectangle2D coveredPart) {
        overlay.setImage(colours);
        extent = coveredPart;
        placeOverlay();
        updatePicture();
    }

    /** Returns the heatmap last set, which may not be on screen yet; see {@link #shownOverlayProperty()}. */
    public Image getOverlay() {
        return overlay.getImage();
    }

    /**
     * Returns the heatmap that the view draws now, or {@code null}. It lags {@link #getOverlay()} while
     * the fitted picture of a new heatmap is being scaled.
     */
    public ReadOnlyObjectProperty<Image> shownOverlayProperty() {
        return shownOverlay.getReadOnlyProperty();
    }

    /** How strongly the heatmap covers the image, in [0, 1]. */
    public DoubleProperty overlayOpacityProperty() {
        return overlayOpacity;
    }

    /** Returns where an image pixel is drawn, in this view's coordinates. */
    public Point2D viewPointOf(double imageX, double imageY) {
        return transform.transform(imageX, imageY);
    }

    /** Returns the scale of image pixels to screen pixels. */
    public double scale() {
        return transform.getMxx();
    }

    public void zoomIn() {
        zoomAt(STEP, getWidth() / 2, getHeight() / 2);
    }

    public void zoomOut() {
        zoomAt(1 / STEP, getWidth() / 2, getHeight() / 2);
    }

    /** Scales the image to fit the view and centres it. */
    public void fit() {
        fitted = true;
        Image image = base.getImage();
        if (image != null && getWidth() > 0 && getHeight() > 0) {
            double scale = FittedPicture.fitScale(image, getWidth(), getHeight());
            transform.setToTransform(scale, 0, (getWidth() - scale * image.getWidth()) / 2,
                    0, scale, (getHeight() - scale * image.getHeight()) / 2);
        }
        updatePicture();
    }

    @Override
    protected void layoutChildren() {
        clip.setWidth(getWidth());
        clip.setHeight(getHeight());
        if (fitted) {
            fit();
        }
    }

    /**
     * Chooses what to draw: the fitted picture of the current content when it is ready, otherwise
     * the previous picture while the view's size is unchanged and the new one is queued, otherwise the
     * image and overlay scaled while drawing.
     */
    private void updatePicture() {
        FittedPicture.Request needed = fitted ? fittedRequest() : null;
        if (needed == null) {
            queued.set(null);
            if (base.getImage() == null) {
                // The next image must not come after a flash of this one.
                forgetPicture();
            }
            showScaledDrawing();
            return;
        }
        if (needed.equals(failedPicture)) {
            showScaledDrawing();
            return;
        }
        if (needed.equals(shownPicture)) {
            showFittedPicture();
            return;
        }
        if (queued.getAndSet(needed) == null) {
            SCALING.execute(this::scaleQueued);
        }
        if (needed.sameView(shownPicture)) {
            showFittedPicture();
        } else {
            showScaledDrawing();
        }
    }

    /** Returns the fitted picture that the current content needs, or {@code null} when there is nothing to scale. */
    private FittedPicture.Request fittedRequest() {
        Image image = base.getImage();
        if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0 || getWidth() <= 0 || getHeight() <= 0) {
            return null;
        }
        Window window = getScene() == null ? null : getScene().getWindow();
        double renderScale = window == null ? 1 : Math.max(window.getRenderScaleX(), window.getRenderScaleY());
        return new FittedPicture.Request(image, overlay.getImage(), extent, getWidth(), getHeight(), renderScale);
    }

    /** Runs on the scaling thread: scales the latest queued request and hands the picture to the FX thread. */
    private void scaleQueued() {
        FittedPicture.Request request = queued.getAndSet(null);
        if (request == null) {
            return;
        }
        try {
            FittedPicture picture = scaler.scale(request);
            Platform.runLater(() -> receive(picture));
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.warn("Scaling a {} x {} image to fit a {} x {} view failed; it is scaled while drawn instead",
                    request.image().getWidth(), request.image().getHeight(), request.viewWidth(),
                    request.viewHeight(), e);
            Platform.runLater(() -> {
                failedPicture = request;
                updatePicture();
            });
        }
    }

    private void receive(FittedPicture picture) {
        FittedPicture.Request needed = fitted ? fittedRequest() : null;
        // A picture of content already replaced is still newer than the one shown, so it is shown while
        // the latest request is scaled, as long as it fits the view.
        if (needed == null || !picture.request().sameView(needed)) {
            return;
        }
        FittedPicture.Request request = picture.request();
        double renderScale = request.renderScale();
        place(fittedBase, picture.base(), request.baseBounds(), renderScale);
        if (picture.overlay() != null) {
            place(fittedOverlay, picture.overlay(), request.overlayBounds(), renderScale);
        }
        fittedOverlay.setVisible(picture.overlay() != null);
        shownPicture = request;
        showFittedPicture();
    }

    private void forgetPicture() {
        shownPicture = null;
        fittedBase.setImage(null);
        fittedOverlay.setImage(null);
    }

    private static void place(ImageView view, Image image, FittedPicture.PixelBounds bounds, double renderScale) {
        view.setImage(image);
        view.setX(bounds.x() / renderScale);
        view.setY(bounds.y() / renderScale);
        view.setFitWidth(bounds.width() / renderScale);
        view.setFitHeight(bounds.height() / renderScale);
    }

    private void showFittedPicture() {
        fittedContent.setVisible(true);
        content.setVisible(false);
        shownOverlay.set(shownPicture.hasOverlay() ? shownPicture.overlay() : null);
    }

    private void showScaledDrawing() {
        content.setVisible(true);
        fittedContent.setVisible(false);
        shownOverlay.set(overlay.isVisible() ? overlay.getImage() : null);
    }

    private void zoomAt(double factor, double x, double y) {
        if (base.getImage() == null) {
            return;
        }
        double scale = transform.getMxx();
        double target = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale * factor));
        double applied = target / scale;
        // Keeps the image point under (x, y) where it is.
        transform.setTx(x - applied * (x - transform.getTx()));
        transform.setTy(y - applied * (y - transform.getTy()));
        transform.setMxx(target);
        transform.setMyy(target);
        fitted = false;
        updatePicture();
    }

    private void placeOverlay() {
        Image image = base.getImage();
        if (image == null || extent == null || overlay.getImage() == null) {
            overlay.setVisible(false);
            return;
        }
        overlay.setVisible(true);
        overlay.setX(extent.getMinX() * image.getWidth());
        overlay.setY(extent.getMinY() * image.getHeight());
        overlay.setFitWidth(extent.getWidth() * image.getWidth());
        overlay.setFitHeight(extent.getHeight() * image.getHeight());
    }
}
