package org.regiontag.app.gui.browser;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.regiontag.app.gui.GuiText;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.repo.ImageSummary;

/**
 * One thumbnail of the grid: the picture (or a placeholder while it loads), a badge with the known
 * categories, one with the pending suggestions, and a "missing" or "damaged" mark instead of a picture
 * that cannot be shown. Reused for other images as the grid scrolls.
 */
final class ThumbnailTile extends StackPane {

    private final ThumbnailGrid grid;
    private final ImageView picture = new ImageView();
    private final Label placeholder = new Label();
    private final Label known = new Label();
    private final Label pending = new Label();
    private final Label problem = new Label();
    private final Tooltip tooltip = new Tooltip();
    private int index = -1;
    private long imageId = -1;
    private ThumbnailCache.Request request;

    ThumbnailTile(ThumbnailGrid grid) {
        this.grid = grid;
        getStyleClass().add("thumbnail-tile");
        picture.setPreserveRatio(true);
        picture.setSmooth(true);
        placeholder.getStyleClass().add("thumbnail-placeholder");
        known.getStyleClass().add("badge-known");
        pending.getStyleClass().add("badge-pending");
        problem.getStyleClass().add("badge-problem");

        HBox badges = new HBox(4, known, pending);
        badges.setAlignment(Pos.BOTTOM_LEFT);
        badges.setPadding(new Insets(3));
        badges.setMouseTransparent(true);
        badges.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        StackPane.setAlignment(badges, Pos.BOTTOM_LEFT);
        problem.setMouseTransparent(true);
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        StackPane.setAlignment(problem, Pos.TOP_RIGHT);
        StackPane.setMargin(problem, new Insets(3));
        getChildren().addAll(placeholder, picture, badges, problem);
        // Installed once: every install adds mouse handlers to the node.
        Tooltip.install(this, tooltip);
        setOnMouseClicked(event -> {
            if (index >= 0) {
                grid.tileClicked(index);
            }
        });
    }

    int index() {
        return index;
    }

    /** Shows the image at a position of the list, or nothing for a negative index. */
    void show(int newIndex, int side) {
        setPrefSize(side, side);
        setMinSize(side, side);
        setMaxSize(side, side);
        // Thumbnails are decoded with this longest side, so the tile draws them unscaled: the software
        // renderer filters a scaled image again in every frame that repaints it, as when the grid scrolls.
        int pictureSide = grid.thumbnails().maxSide();
        picture.setFitWidth(pictureSide);
        picture.setFitHeight(pictureSide);
        if (newIndex < 0) {
            cancelRequest();
            index = -1;
            imageId = -1;
            setVisible(false);
            return;
        }
        setVisible(true);
        index = newIndex;
        updateSelection();
        ImageSummary summary = grid.viewModel().summaryAt(newIndex);
        if (summary == null) {
            cancelRequest();
            imageId = -1;
            picture.setImage(null);
            placeholder.setText("\u2026");
            known.setText("");
            pending.setVisible(false);
            problem.setText("");
            tooltip.setText("");
            return;
        }
        showBadges(summary);
        if (summary.id() == imageId && picture.getImage() != null) {
            return;
        }
        cancelRequest();
        imageId = summary.id();
        picture.setImage(null);
        placeholder.setText("");
        long wanted = summary.id();
        request = grid.thumbnails().request(summary.id(), grid.viewModel().fileOf(summary), thumbnail -> {
            if (imageId == wanted) {
                showThumbnail(thumbnail);
            }
        });
    }

    void updateSelection() {
        pseudoClassStateChanged(ThumbnailGrid.SELECTED, index >= 0 && index == grid.viewModel()
                .selectedIndexProperty().get());
    }

    private void showBadges(ImageSummary summary) {
        int categories = grid.viewModel().categories().size();
        known.setText(GuiText.text("browser.badge.known", summary.knownCells(), categories));
        pending.setVisible(summary.pendingSuggestions() > 0);
        pending.setText(String.valueOf(summary.pendingSuggestions()));
        pending.pseudoClassStateChanged(ThumbnailGrid.ERROR, summary.possibleErrors() > 0);
        if (summary.status() == ImageStatus.MISSING) {
            problem.setText(GuiText.text("browser.badge.missing"));
        } else if (summary.status() == ImageStatus.DAMAGED) {
            problem.setText(GuiText.text("browser.badge.damaged"));
        } else {
            problem.setText("");
        }
        tooltip.setText(GuiText.text("browser.tile.tooltip", summary.path(), summary.knownCells(), categories,
                summary.pendingSuggestions()) + (summary.statusReason() == null ? "" : "\n" + summary.statusReason()));
    }

    private void showThumbnail(Thumbnail thumbnail) {
        picture.setImage(thumbnail.image());
        switch (thumbnail.status()) {
            case OK -> placeholder.setText("");
            case MISSING -> {
                placeholder.setText("");
                problem.setText(GuiText.text("browser.badge.missing"));
            }
            case DAMAGED -> {
                placeholder.setText("");
                problem.setText(GuiText.text("browser.badge.damaged"));
            }
        }
    }

    private void cancelRequest() {
        if (request != null) {
            request.cancel();
            request = null;
        }
    }
}
