package org.regiontag.app.gui.models;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.main.MainWindow;
import org.regiontag.engine.models.ModelListing;

/** The models dialog's view: the list of models, with download and select buttons for the chosen one. */
public final class ModelsDialog {

    private ModelsDialog() {
    }

    /** Shows the dialog without blocking. */
    public static Dialog<ButtonType> show(Window owner, MainViewModel main) {
        ModelsViewModel viewModel = ModelsViewModel.forUser(main);
        TableView<ModelListing> table = new TableView<>(viewModel.models());
        table.getColumns().add(column("models.column.name", ModelListing::name));
        table.getColumns().add(column("models.column.source", listing -> GuiText.text("models.source."
                + listing.source().id())));
        table.getColumns().add(column("models.column.status", listing -> GuiText.text("models.status."
                + listing.status().id())));
        table.getColumns().add(column("models.column.size", listing -> listing.bytes() < 0 ? ""
                : GuiText.text("models.megabytes", listing.bytes() / 1e6)));
        table.getColumns().add(column("models.column.description", ModelListing::description));
        table.setPrefSize(760, 300);

        Button download = new Button(GuiText.text("models.download"));
        Button select = new Button(GuiText.text("models.select"));
        Label current = new Label(GuiText.text("models.current", viewModel.selectedModel()));
        table.getSelectionModel().selectedItemProperty().addListener((observable, before, after) -> {
            download.setDisable(after == null || !ModelsViewModel.canDownload(after));
            select.setDisable(after == null || !ModelsViewModel.canSelect(after));
        });
        download.setDisable(true);
        select.setDisable(true);
        download.setOnAction(event -> viewModel.download(table.getSelectionModel().getSelectedItem().name()));
        select.setOnAction(event -> {
            viewModel.select(table.getSelectionModel().getSelectedItem());
            current.setText(GuiText.text("models.current", viewModel.selectedModel()));
        });
        Label hint = new Label(GuiText.text("models.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("form-hint");

        VBox content = new VBox(8, current, table, new HBox(8, download, select), hint);
        content.setPadding(new Insets(8));
        Dialog<ButtonType> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(GuiText.text("models.title"));
        dialog.setResizable(true);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getStylesheets().add(MainWindow.STYLESHEET);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        viewModel.refresh();
        dialog.show();
        return dialog;
    }

    private static TableColumn<ModelListing, String> column(String titleKey,
            java.util.function.Function<ModelListing, String> text) {
        TableColumn<ModelListing, String> column = new TableColumn<>(GuiText.text(titleKey));
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return column;
    }
}
