package org.regiontag.app.gui.image;

import javafx.beans.property.DoubleProperty;
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

/**
 * An image with its heatmap overlay, zoomed with the wheel (around the pointer) or the keys, and
 * panned by dragging. A new image is fitted to the view; the overlay is drawn over the part of the
 * image it covers, at the opacity of {@link #overlayOpacityProperty()}.
 */
public final class ZoomImageView extends Region {

    /** Zoom per key press or wheel notch. */
    private static final double STEP = 1.25;
    private static final double MIN_SCALE = 0.05;
    private static final double MAX_SCALE = 32;

    private final ImageView base = new ImageView();
    private final ImageView overlay = new ImageView();
    private final Group content = new Group(base, overlay);
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
        getChildren().add(content);
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
    }

    public Image getOverlay() {
        return overlay.getImage();
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
        if (image == null || getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        double scale = Math.min(getWidth() / image.getWidth(), getHeight() / image.getHeight());
        transform.setToTransform(scale, 0, (getWidth() - scale * image.getWidth()) / 2,
                0, scale, (getHeight() - scale * image.getHeight()) / 2);
    }

    @Override
    protected void layoutChildren() {
        clip.setWidth(getWidth());
        clip.setHeight(getHeight());
        if (fitted) {
            fit();
        }
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
