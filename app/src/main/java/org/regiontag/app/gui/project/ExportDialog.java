package org.regiontag.app.gui.project;

import java.io.File;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.db.io.export.ExportFormat;

/** The export dialog's view ({@code ExportDialog.fxml}): binds the form to {@link ExportDialogViewModel}. */
public final class ExportDialog {

    private final ExportDialogViewModel viewModel;

    @FXML private ComboBox<ExportFormat> formatChoice;
    @FXML private CheckBox provenanceCheck;
    @FXML private TextField targetField;
    @FXML private Label problemLabel;

    private Window owner;

    ExportDialog(ExportDialogViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /** Shows the dialog; the export runs in the background when the user confirms it. */
    public static Dialog<ButtonType> show(Window owner, MainViewModel main) {
        ExportDialogViewModel viewModel = new ExportDialogViewModel(main.project());
        ExportDialog view = new ExportDialog(viewModel);
        view.owner = owner;
        Parent content = FormDialogs.load("/org/regiontag/app/gui/project/ExportDialog.fxml", view);
        Dialog<ButtonType> dialog = FormDialogs.dialog(owner, GuiText.text("export.title"), content,
                GuiText.text("export.start"));
        FormDialogs.okButton(dialog).disableProperty().bind(viewModel.problemProperty().isNotEmpty());
        FormDialogs.showThen(dialog, () -> main.submitExport(viewModel));
        return dialog;
    }

    @FXML
    private void initialize() {
        formatChoice.getItems().setAll(ExportFormat.values());
        formatChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(ExportFormat format) {
                return format == null ? "" : GuiText.text("export.format." + format.cliName());
            }

            @Override
            public ExportFormat fromString(String text) {
                throw new UnsupportedOperationException("the choice is not editable");
            }
        });
        formatChoice.valueProperty().bindBidirectional(viewModel.formatProperty());
        provenanceCheck.selectedProperty().bindBidirectional(viewModel.provenanceProperty());
        provenanceCheck.disableProperty().bind(viewModel.provenancePossibleProperty().not());
        targetField.textProperty().bindBidirectional(viewModel.targetProperty());
        problemLabel.textProperty().bind(viewModel.problemProperty());
    }

    @FXML
    private void browseTarget() {
        File chosen;
        if (viewModel.formatProperty().get() == ExportFormat.VOC) {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(GuiText.text("export.target"));
            chosen = chooser.showDialog(owner);
        } else {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(GuiText.text("export.target"));
            chooser.setInitialFileName(viewModel.formatProperty().get().defaultTarget());
            chosen = chooser.showSaveDialog(owner);
        }
        if (chosen != null) {
            viewModel.targetProperty().set(chosen.getPath());
        }
    }
}
