package org.regiontag.app.gui.review;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.browser.ThumbnailCache;
import org.regiontag.app.gui.keys.Action;
import org.regiontag.app.gui.keys.KeyNames;
import org.regiontag.app.gui.keys.Keymap;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.main.MainWindow;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ReviewSelection;

/**
 * The category review grid's window: a page of thumbnails of one category's proposals. The arrow
 * keys move the focus, and the reject key (or a click) rejects the focused image. The accept-page
 * key accepts every image left on the page, and the next page follows at once.
 */
public final class ReviewGridWindow {

    private static final PseudoClass FOCUSED = PseudoClass.getPseudoClass("focused-tile");
    private static final PseudoClass REJECTED = PseudoClass.getPseudoClass("rejected");

    private final ReviewGridViewModel viewModel;
    private final MainViewModel main;
    private final ThumbnailCache thumbnails;
    private final TilePane pane = new TilePane(8, 8);
    private final ScrollPane scroll = new ScrollPane(pane);
    private final List<TileNode> nodes = new ArrayList<>();
    private final Stage stage = new Stage();

    ReviewGridWindow(ReviewGridViewModel viewModel, MainViewModel main, ThumbnailCache thumbnails) {
        this.viewModel = viewModel;
        this.main = main;
        this.thumbnails = thumbnails;
    }

    /** Opens the grid for the category selected in the main window. */
    public static ReviewGridWindow show(Window owner, MainViewModel main, ThumbnailCache thumbnails) {
        ReviewGridViewModel viewModel = new ReviewGridViewModel(main.context().executors(), main.project(),
                main.context().actor(), main, main::labelsChangedElsewhere);
        ReviewGridWindow window = new ReviewGridWindow(viewModel, main, thumbnails);
        window.build(owner);
        viewModel.start(main.categories().selectedCategoryProperty().get());
        return window;
    }

    public ReviewGridViewModel viewModel() {
        return viewModel;
    }

    public Stage stage() {
        return stage;
    }

    private void build(Window owner) {
        ComboBox<Category> categoryChoice = new ComboBox<>(viewModel.categories());
        categoryChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(Category category) {
                return category == null ? "" : category.name();
            }

            @Override
            public Category fromString(String text) {
                throw new UnsupportedOperationException("the choice is not editable");
            }
        });
        categoryChoice.valueProperty().bindBidirectional(viewModel.categoryProperty());
        categoryChoice.setFocusTraversable(false);

        ToggleGroup kinds = new ToggleGroup();
        ToggleButton positives = new ToggleButton(GuiText.text("review.proposedPositive"));
        ToggleButton errors = new ToggleButton(GuiText.text("review.possibleErrors"));
        positives.setToggleGroup(kinds);
        errors.setToggleGroup(kinds);
        positives.setFocusTraversable(false);
        errors.setFocusTraversable(false);
        positives.setSelected(true);
        kinds.selectedToggleProperty().addListener((observable, before, after) -> {
            if (after == null) {
                before.setSelected(true);
            } else {
                viewModel.selectionProperty().set(after == positives ? ReviewSelection.PROPOSED_POSITIVE
                        : ReviewSelection.POSSIBLE_ERRORS);
            }
        });

        Label counts = new Label();
        counts.textProperty().bind(Bindings.createStringBinding(() -> GuiText.text("review.counts",
                viewModel.acceptedProperty().get(), viewModel.rejectedProperty().get()),
                viewModel.acceptedProperty(), viewModel.rejectedProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(10, new Label(GuiText.text("review.category")), categoryChoice, positives, errors, spacer,
                counts);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8));

        Keymap keymap = main.keys().keymap();
        Label hint = new Label(GuiText.text("review.hint", KeyNames.display(keymap.keyOf(Action.REJECT)),
                KeyNames.display(keymap.keyOf(Action.GRID_ACCEPT_PAGE))));
        hint.getStyleClass().add("form-hint");
        Label empty = new Label();
        empty.textProperty().bind(Bindings.createStringBinding(() -> viewModel.loadingProperty().get()
                ? GuiText.text("review.loading") : viewModel.tiles().isEmpty() ? GuiText.text("review.empty") : "",
                viewModel.loadingProperty(), viewModel.tiles()));
        VBox bottom = new VBox(4, hint, empty);
        bottom.setPadding(new Insets(6, 8, 8, 8));

        pane.setPadding(new Insets(8));
        pane.setPrefColumns(8);
        pane.getStyleClass().add("review-grid");
        scroll.setFitToWidth(true);
        scroll.setFocusTraversable(false);
        BorderPane root = new BorderPane(scroll, top, null, bottom, null);
        root.getStyleClass().add("review-window");

        viewModel.tiles().addListener((ListChangeListener<ReviewTile>) this::tilesChanged);
        viewModel.focusIndexProperty().addListener((observable, before, after) -> showFocus(before.intValue(),
                after.intValue()));
        main.historyRevisionProperty().addListener((observable, before, after) -> viewModel.reload());

        Scene scene = new Scene(root, 1100, 760);
        scene.getStylesheets().add(MainWindow.STYLESHEET);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        stage.setScene(scene);
        stage.initOwner(owner);
        stage.titleProperty().bind(Bindings.createStringBinding(() -> GuiText.text("review.title",
                viewModel.categoryProperty().get() == null ? "" : viewModel.categoryProperty().get().name()),
                viewModel.categoryProperty()));
        stage.show();
    }

    private void keyPressed(KeyEvent event) {
        Keymap keymap = main.keys().keymap();
        int columns = Math.max(1, (int) ((pane.getWidth() - 16) / (thumbnails.maxSide() + 16)));
        if (event.getCode() == KeyCode.ESCAPE) {
            stage.close();
        } else if (matches(keymap, Action.GRID_ACCEPT_PAGE, event)) {
            viewModel.acceptPage();
        } else if (matches(keymap, Action.REJECT, event)) {
            viewModel.rejectFocused();
            viewModel.moveFocus(1);
        } else if (matches(keymap, Action.UNDO, event)) {
            main.undo();
        } else if (matches(keymap, Action.REDO, event)) {
            main.redo();
        } else if (event.getCode() == KeyCode.RIGHT) {
            viewModel.moveFocus(1);
        } else if (event.getCode() == KeyCode.LEFT) {
            viewModel.moveFocus(-1);
        } else if (event.getCode() == KeyCode.DOWN) {
            viewModel.moveFocus(columns);
        } else if (event.getCode() == KeyCode.UP) {
            viewModel.moveFocus(-columns);
        } else {
            return;
        }
        event.consume();
    }

    private static boolean matches(Keymap keymap, Action action, KeyEvent event) {
        return KeyCombination.valueOf(keymap.keyOf(action)).match(event);
    }

    private void tilesChanged(ListChangeListener.Change<? extends ReviewTile> change) {
        boolean onlyReplaced = true;
        while (change.next()) {
            if (!change.wasReplaced() || change.getAddedSize() != change.getRemovedSize()) {
                onlyReplaced = false;
            } else {
                for (int i = change.getFrom(); i < change.getTo(); i++) {
                    if (i < nodes.size()) {
                        nodes.get(i).show(viewModel.tiles().get(i));
                    }
                }
            }
        }
        if (!onlyReplaced) {
            rebuild();
        }
    }

    private void rebuild() {
        nodes.clear();
        for (int i = 0; i < viewModel.tiles().size(); i++) {
            TileNode node = new TileNode(i);
            node.show(viewModel.tiles().get(i));
            nodes.add(node);
        }
        pane.getChildren().setAll(nodes);
        showFocus(-1, viewModel.focusIndexProperty().get());
        scroll.setVvalue(0);
    }

    private void showFocus(int before, int after) {
        if (before >= 0 && before < nodes.size()) {
            nodes.get(before).pseudoClassStateChanged(FOCUSED, false);
        }
        if (after >= 0 && after < nodes.size()) {
            TileNode node = nodes.get(after);
            node.pseudoClassStateChanged(FOCUSED, true);
            double contentHeight = pane.getHeight() - scroll.getViewportBounds().getHeight();
            if (contentHeight > 0) {
                double y = node.getBoundsInParent().getMinY();
                double top = scroll.getVvalue() * contentHeight;
                double viewport = scroll.getViewportBounds().getHeight();
                if (y < top || y + node.getHeight() > top + viewport) {
                    scroll.setVvalue(Math.max(0, Math.min(1, (y - viewport / 3) / contentHeight)));
                }
            }
        }
    }

    /** One thumbnail with the model's probability and, once rejected, a mark. */
    private final class TileNode extends StackPane {
        private final int index;
        private final ImageView picture = new ImageView();
        private final Label probability = new Label();
        private final Label mark = new Label("\u2717");
        private ThumbnailCache.Request request;
        private long imageId = -1;

        TileNode(int index) {
            this.index = index;
            getStyleClass().add("review-tile");
            int side = thumbnails.maxSide();
            setPrefSize(side + 8, side + 8);
            picture.setFitWidth(side);
            picture.setFitHeight(side);
            picture.setPreserveRatio(true);
            probability.getStyleClass().add("badge-known");
            mark.getStyleClass().add("reject-mark");
            StackPane.setAlignment(probability, Pos.BOTTOM_LEFT);
            StackPane.setAlignment(mark, Pos.CENTER);
            getChildren().addAll(picture, probability, mark);
            setOnMouseClicked(event -> {
                viewModel.focusIndexProperty().set(index);
                viewModel.reject(index);
            });
        }

        void show(ReviewTile tile) {
            probability.setText(GuiText.text("categories.probability", tile.suggestion().probability()));
            boolean rejected = tile.decision() == ReviewTile.Decision.REJECTED;
            mark.setVisible(rejected);
            pseudoClassStateChanged(REJECTED, rejected);
            if (tile.image() == null || tile.image().id() == imageId) {
                return;
            }
            imageId = tile.image().id();
            if (request != null) {
                request.cancel();
            }
            long wanted = imageId;
            request = thumbnails.request(imageId, viewModel.fileOf(tile), thumbnail -> {
                if (imageId == wanted) {
                    picture.setImage(thumbnail.image());
                }
            });
        }
    }
}
