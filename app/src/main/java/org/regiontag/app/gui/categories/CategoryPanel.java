package org.regiontag.app.gui.categories;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.util.Duration;
import org.regiontag.app.gui.GuiText;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.ProposedState;

/**
 * The category panel's list: one row per category with its colour, state, the model's probability,
 * the pending suggestion with accept and reject buttons, and the provenance as a tooltip. The
 * selection follows the view model both ways; the list never takes the keyboard focus, because the
 * main window's keys act on it.
 */
public final class CategoryPanel extends VBox {

    private static final PseudoClass POSITIVE = PseudoClass.getPseudoClass("positive");
    private static final PseudoClass NEGATIVE = PseudoClass.getPseudoClass("negative");
    private static final PseudoClass UNKNOWN = PseudoClass.getPseudoClass("unknown");
    private static final PseudoClass SAVING = PseudoClass.getPseudoClass("saving");

    private final CategoryPanelViewModel viewModel;
    private final ListView<CategoryRow> list;
    private boolean syncing;

    public CategoryPanel(CategoryPanelViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("category-panel");
        Label title = new Label(GuiText.text("categories.title"));
        title.getStyleClass().add("panel-title");
        list = new ListView<>(viewModel.rows());
        list.setId("categoryList");
        list.setFocusTraversable(false);
        list.setCellFactory(view -> new RowCell());
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(title, list);

        viewModel.selectedIndexProperty().addListener((observable, before, after) -> showSelection(after.intValue()));
        list.getSelectionModel().selectedIndexProperty().addListener((observable, before, after) -> {
            if (!syncing && after.intValue() >= 0 && after.intValue() != viewModel.selectedIndexProperty().get()) {
                viewModel.select(after.intValue());
            }
        });
        viewModel.rows().addListener((javafx.collections.ListChangeListener<CategoryRow>) change ->
                showSelection(viewModel.selectedIndexProperty().get()));
    }

    /** The list, for tests that look at its rows. */
    public ListView<CategoryRow> list() {
        return list;
    }

    private void showSelection(int index) {
        syncing = true;
        try {
            if (index < 0 || index >= list.getItems().size()) {
                list.getSelectionModel().clearSelection();
            } else if (list.getSelectionModel().getSelectedIndex() != index) {
                list.getSelectionModel().select(index);
                list.scrollTo(Math.max(0, index - 3));
            }
        } finally {
            syncing = false;
        }
    }

    /** One category row. */
    private final class RowCell extends ListCell<CategoryRow> {
        private final Rectangle swatch = new Rectangle(12, 12);
        private final Label name = new Label();
        private final Label state = new Label();
        private final Label probability = new Label();
        private final Label proposal = new Label();
        private final Button accept = new Button("\u2713");
        private final Button reject = new Button("\u2717");
        private final HBox box;
        private final HBox details;
        private final Tooltip tooltip = new Tooltip();

        RowCell() {
            getStyleClass().add("category-row");
            name.getStyleClass().add("category-name");
            state.getStyleClass().add("state-chip");
            probability.getStyleClass().add("probability");
            proposal.getStyleClass().add("proposal");
            accept.getStyleClass().add("accept-button");
            reject.getStyleClass().add("reject-button");
            accept.setFocusTraversable(false);
            reject.setFocusTraversable(false);
            accept.setTooltip(new Tooltip(GuiText.text("categories.accept")));
            reject.setTooltip(new Tooltip(GuiText.text("categories.reject")));
            tooltip.setShowDelay(Duration.millis(400));
            tooltip.setShowDuration(Duration.seconds(30));
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            // The proposal and the probability go under the name, so that a panel a third of a laptop
            // screen wide shows every part of a row without scrolling sideways.
            details = new HBox(6, proposal, probability);
            VBox text = new VBox(0, name, details);
            text.setMinWidth(0);
            box = new HBox(6, swatch, text, spacer, state, accept, reject);
            box.setAlignment(Pos.CENTER_LEFT);
            setPrefWidth(0);
            for (Region fixed : new Region[] {state, accept, reject}) {
                fixed.setMinWidth(Region.USE_PREF_SIZE);
            }
            accept.setOnAction(event -> viewModel.decide(getIndex(), true));
            reject.setOnAction(event -> viewModel.decide(getIndex(), false));
        }

        @Override
        protected void updateItem(CategoryRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            swatch.setFill(colour(row.category().colour()));
            name.setText(row.category().name());
            CellState cellState = row.state();
            state.setText(GuiText.text(cellState == null ? "state.unknown" : "state." + cellState.storeName()));
            state.pseudoClassStateChanged(POSITIVE, cellState == CellState.POSITIVE);
            state.pseudoClassStateChanged(NEGATIVE, cellState == CellState.NEGATIVE);
            state.pseudoClassStateChanged(UNKNOWN, cellState == null);
            pseudoClassStateChanged(SAVING, row.saving());
            Double p = row.probability();
            probability.setText(p == null ? "" : GuiText.text("categories.probability", p));
            boolean decidable = row.hasDecidableSuggestion();
            proposal.setText(decidable ? GuiText.text("categories.proposes",
                    GuiText.text("proposed." + row.suggestion().proposedState().storeName()))
                    + (row.suggestion().possibleError() ? " \u26a0" : "") : "");
            proposal.pseudoClassStateChanged(POSITIVE, decidable
                    && row.suggestion().proposedState() == ProposedState.POSITIVE);
            boolean hasDetails = !probability.getText().isEmpty() || !proposal.getText().isEmpty();
            details.setVisible(hasDetails);
            details.setManaged(hasDetails);
            accept.setVisible(decidable);
            reject.setVisible(decidable);
            accept.setManaged(decidable);
            reject.setManaged(decidable);
            tooltip.setText(CategoryPanelViewModel.provenance(row));
            setTooltip(tooltip);
            setGraphic(box);
        }

        private Color colour(String hex) {
            try {
                return Color.web(hex);
            } catch (IllegalArgumentException e) {
                return Color.GRAY;
            }
        }
    }
}
