package org.regiontag.app.gui.why;

import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.browser.ThumbnailCache;
import org.regiontag.app.gui.categories.CategoryRow;
import org.regiontag.app.gui.image.ZoomImageView;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.main.MainWindow;
import org.regiontag.db.repo.Suggestion;

/** The "why this suggestion" dialog's view: the heatmap and the nearest known positives of the selected suggestion. */
public final class WhyDialog {

    private WhyDialog() {
    }

    /** Shows the dialog for the category selected in the main window, or a notice when it has no suggestion. */
    public static Optional<Dialog<ButtonType>> show(Window owner, MainViewModel main, ThumbnailCache thumbnails) {
        int index = main.categories().selectedIndexProperty().get();
        CategoryRow row = index >= 0 && index < main.categories().rows().size()
                ? main.categories().rows().get(index) : null;
        Optional<Suggestion> suggestion = WhyViewModel.suggestionOf(row);
        if (suggestion.isEmpty()) {
            main.info(GuiText.text("why.none"));
            return Optional.empty();
        }
        WhyViewModel viewModel = new WhyViewModel(main.context().executors(), main.project(),
                main.heatmaps(), main.heatmaps().neighbours());

        Label summary = new Label();
        summary.textProperty().bind(viewModel.summaryProperty());
        summary.setWrapText(true);
        ZoomImageView picture = new ZoomImageView();
        picture.setPrefSize(400, 320);
        picture.overlayOpacityProperty().set(0.5);
        viewModel.pictureProperty().addListener((observable, before, after) -> picture.setImage(after));
        viewModel.overlayProperty().addListener((observable, before, after) -> picture.setOverlay(
                after == null ? null : after.image(), after == null ? null : after.extent()));
        Label hint = new Label();
        hint.textProperty().bind(viewModel.hintProperty());
        hint.setWrapText(true);
        hint.getStyleClass().add("form-hint");
        Label neighboursTitle = new Label(GuiText.text("why.neighbours"));
        FlowPane neighbours = new FlowPane(8, 8);
        viewModel.nearest().addListener((ListChangeListener<WhyViewModel.Neighbour>) change -> {
            neighbours.getChildren().clear();
            for (WhyViewModel.Neighbour neighbour : viewModel.nearest()) {
                ImageView view = new ImageView();
                view.setFitWidth(thumbnails.maxSide());
                view.setFitHeight(thumbnails.maxSide());
                view.setPreserveRatio(true);
                thumbnails.request(neighbour.image().id(), neighbour.file(), thumbnail -> view.setImage(thumbnail.image()));
                Label similarity = new Label(GuiText.text("why.similarity", neighbour.similarity()));
                neighbours.getChildren().add(new VBox(2, view, similarity));
            }
        });

        VBox content = new VBox(10, summary, picture, hint, neighboursTitle, neighbours);
        content.setPadding(new Insets(8));
        Dialog<ButtonType> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(GuiText.text("why.title"));
        dialog.setResizable(true);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getStylesheets().add(MainWindow.STYLESHEET);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        viewModel.show(row.category(), suggestion.get());
        dialog.show();
        return Optional.of(dialog);
    }
}
