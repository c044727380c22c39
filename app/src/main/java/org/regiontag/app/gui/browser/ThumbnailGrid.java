package org.regiontag.app.gui.browser;

import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * The virtualised grid of thumbnails: a list view of rows, each row a few tiles, so that only the
 * rows on screen exist as nodes whatever the number of images. The number of columns follows the
 * width; the selected image's row is scrolled into view when the selection moves.
 */
public final class ThumbnailGrid extends StackPane {

    static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    /** Pixels between tiles and around a row. */
    private static final double GAP = 6;

    private final BrowserViewModel viewModel;
    private final ThumbnailCache thumbnails;
    private final RowList rows = new RowList();
    private final ListView<Integer> list = new ListView<>(rows);
    private final List<RowCell> liveCells = new ArrayList<>();
    private int columns = 1;
    private int side;

    public ThumbnailGrid(BrowserViewModel viewModel, ThumbnailCache thumbnails) {
        this.viewModel = viewModel;
        this.thumbnails = thumbnails;
        this.side = thumbnails.maxSide() + 8;
        getStyleClass().add("thumbnail-grid");
        list.setFocusTraversable(false);
        list.setCellFactory(view -> new RowCell());
        list.setFixedCellSize(side + GAP);
        getChildren().add(list);

        list.widthProperty().addListener((observable, before, after) -> layoutColumns());
        viewModel.imageCountProperty().addListener((observable, before, after) -> layoutColumns());
        viewModel.summariesRevisionProperty().addListener((observable, before, after) -> refreshTiles());
        viewModel.selectedIndexProperty().addListener((observable, before, after) -> {
            for (RowCell cell : liveCells) {
                cell.updateSelection();
            }
            scrollToIndex(after.intValue());
        });
    }

    BrowserViewModel viewModel() {
        return viewModel;
    }

    ThumbnailCache thumbnails() {
        return thumbnails;
    }

    /** The list view of rows, for benchmarks that scroll it. */
    public ListView<Integer> rowList() {
        return list;
    }

    /** Returns the number of columns now. */
    public int columns() {
        return columns;
    }

    /** Changes the thumbnail size (from the settings); cached thumbnails of the old size are dropped. */
    public void setThumbnailSize(int maxSide) {
        thumbnails.setMaxSide(maxSide);
        side = maxSide + 8;
        list.setFixedCellSize(side + GAP);
        layoutColumns();
        refreshTiles();
    }

    void tileClicked(int index) {
        viewModel.select(index);
    }

    private void layoutColumns() {
        double width = list.getWidth() - 20;
        int fitting = Math.max(1, (int) Math.floor((width - GAP) / (side + GAP)));
        int count = viewModel.imageCountProperty().get();
        int rowCount = (count + fitting - 1) / fitting;
        if (fitting != columns || rowCount != rows.size()) {
            columns = fitting;
            rows.resize(rowCount);
            scrollToIndex(viewModel.selectedIndexProperty().get());
        }
    }

    private void refreshTiles() {
        for (RowCell cell : liveCells) {
            cell.refresh();
        }
    }

    private void scrollToIndex(int index) {
        if (index < 0 || columns == 0) {
            return;
        }
        int row = index / columns;
        if (list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.scrollTo(row);
        } else {
            list.scrollTo(row);
        }
    }

    /** One row of tiles; the list view reuses it for other rows while scrolling. */
    private final class RowCell extends ListCell<Integer> {
        private final HBox tiles = new HBox(GAP);
        private int row = -1;

        RowCell() {
            getStyleClass().add("thumbnail-row");
            tiles.setPadding(new Insets(GAP / 2, GAP, GAP / 2, GAP));
            setGraphic(tiles);
            setText(null);
            liveCells.add(this);
        }

        @Override
        protected void updateItem(Integer item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            row = empty || item == null ? -1 : item;
            refresh();
        }

        void refresh() {
            while (tiles.getChildren().size() < columns) {
                tiles.getChildren().add(new ThumbnailTile(ThumbnailGrid.this));
            }
            while (tiles.getChildren().size() > columns) {
                ((ThumbnailTile) tiles.getChildren().remove(tiles.getChildren().size() - 1)).show(-1, side);
            }
            int count = viewModel.imageCountProperty().get();
            for (int column = 0; column < columns; column++) {
                int index = row < 0 ? -1 : row * columns + column;
                ((ThumbnailTile) tiles.getChildren().get(column)).show(index < count ? index : -1, side);
            }
        }

        void updateSelection() {
            for (var tile : tiles.getChildren()) {
                ((ThumbnailTile) tile).updateSelection();
            }
        }
    }
}
