package org.regiontag.app.gui.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The image view on a real toolkit: the fitted picture, scaled ahead off the FX thread, paints the
 * same pixels as the image and overlay scaled while drawing, which the view uses when zoomed.
 */
@ExtendWith(ApplicationExtension.class)
class ZoomImageViewFxTest {

    private static final long TIMEOUT_SECONDS = 15;
    /** Largest difference of a colour channel between the two ways of drawing, in [0, 1]. */
    private static final double TOLERANCE = 0.06;

    private ZoomImageView view;

    @Start
    void start(Stage stage) {
        view = new ZoomImageView();
        stage.setScene(new Scene(new StackPane(view), 400, 300));
        stage.show();
    }

    @Test
    void fittedPictureMatchesScaledDrawing() throws Exception {
        Image image = gradient(120, 80);
        Image overlay = halves(16, 16);
        fx(() -> {
            view.overlayOpacityProperty().set(0.6);
            view.setImage(image);
            // The centre square of the image, as for a model that crops.
            view.setOverlay(overlay, new Rectangle2D(1 / 6.0, 0, 4 / 6.0, 1));
            return null;
        });
        waitFor(() -> fx(() -> view.shownOverlayProperty().get() == overlay));
        WritableImage fitted = fx(() -> view.snapshot(null, null));

        // Zooming in and out again leaves the same transform, but the view no longer counts as fitted.
        fx(() -> {
            view.zoomIn();
            view.zoomOut();
            return null;
        });
        assertThat(fx(() -> view.shownOverlayProperty().get())).isSameAs(overlay);
        WritableImage scaled = fx(() -> view.snapshot(null, null));

        PixelReader fittedPixels = fitted.getPixelReader();
        PixelReader scaledPixels = scaled.getPixelReader();
        int compared = 0;
        // Samples away from the overlay's edges and its colour step at x = 60, where rounding to whole
        // pixels may differ.
        for (double u = 0.05; u < 1; u += 0.1) {
            for (double v = 0.05; v < 1; v += 0.1) {
                double imageX = u * image.getWidth();
                double imageY = v * image.getHeight();
                if (Math.abs(imageX - 20) < 3 || Math.abs(imageX - 60) < 6 || Math.abs(imageX - 100) < 3) {
                    continue;
                }
                var point = fx(() -> view.viewPointOf(imageX, imageY));
                Color expected = scaledPixels.getColor((int) point.getX(), (int) point.getY());
                Color actual = fittedPixels.getColor((int) point.getX(), (int) point.getY());
                assertThat(actual.getRed()).as("red at image point (%.0f, %.0f)", imageX, imageY)
                        .isCloseTo(expected.getRed(), offset(TOLERANCE));
                assertThat(actual.getGreen()).as("green at image point (%.0f, %.0f)", imageX, imageY)
                        .isCloseTo(expected.getGreen(), offset(TOLERANCE));
                assertThat(actual.getBlue()).as("blue at image point (%.0f, %.0f)", imageX, imageY)
                        .isCloseTo(expected.getBlue(), offset(TOLERANCE));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(50);
    }

    @Test
    void fittedPictureCoversCentredImage() {
        Image image = gradient(120, 80);
        FittedPicture.Request request = new FittedPicture.Request(image, halves(16, 16),
                new Rectangle2D(0.25, 0, 0.5, 1), 400, 300, 2);

        FittedPicture.PixelBounds base = request.baseBounds();
        FittedPicture.PixelBounds overlay = request.overlayBounds();

        // 120 x 80 fitted to 400 x 300 is scaled by 10/3 to 400 x 266.7, then doubled for the screen.
        assertThat(base).isEqualTo(new FittedPicture.PixelBounds(0, 33, 800, 534));
        assertThat(overlay).isEqualTo(new FittedPicture.PixelBounds(200, 33, 400, 534));
    }

    @Test
    void scaledImageHasRequestedSize() {
        Image scaled = FittedPicture.scaled(gradient(120, 80), 37, 11);

        assertThat(scaled.getWidth()).isEqualTo(37);
        assertThat(scaled.getHeight()).isEqualTo(11);
    }

    /** Returns an image whose red grows to the right and whose green grows downwards. */
    private static Image gradient(int width, int height) {
        WritableImage image = new WritableImage(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getPixelWriter().setColor(x, y, Color.color((double) x / width, (double) y / height, 0.3));
            }
        }
        return image;
    }

    /** Returns an image whose left half is blue and right half yellow. */
    private static Image halves(int width, int height) {
        WritableImage image = new WritableImage(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getPixelWriter().setColor(x, y, x < width / 2 ? Color.BLUE : Color.YELLOW);
            }
        }
        return image;
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, condition);
    }
}
