package org.regiontag.app.gui.project;

import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.db.Project;
import org.regiontag.db.io.Split;

/** The import dialog's view ({@code ImportDialog.fxml}): binds the form to {@link ImportDialogViewModel}. */
public final class ImportDialog {

    private final ImportDialogViewModel viewModel;

    @FXML private GridPane projectSection;
    @FXML private Separator projectSeparator;
    @FXML private TextField projectFolderField;
    @FXML private TextField projectNameField;
    @FXML private ComboBox<String> formatChoice;
    @FXML private Label formatHint;
    @FXML private TextField sourceField;
    @FXML private TextField imagesField;
    @FXML private ComboBox<Split> splitChoice;
    @FXML private CheckBox exhaustiveCheck;
    @FXML private CheckBox simulateCheck;
    @FXML private Slider proportionSlider;
    @FXML private Label proportionLabel;
    @FXML private TextField seedField;
    @FXML private Label problemLabel;

    private Window owner;

    ImportDialog(ImportDialogViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /**
     * Shows the dialog; the import starts in the background when the user confirms it.
     *
     * @param into the project to import into, or {@code null} for a new project
     * @return the dialog, already showing
     */
    public static Dialog<ButtonType> show(Window owner, MainViewModel main, Project into) {
        ImportDialogViewModel viewModel = new ImportDialogViewModel(into);
        ImportDialog view = new ImportDialog(viewModel);
        view.owner = owner;
        Parent content = FormDialogs.load("/org/regiontag/app/gui/project/ImportDialog.fxml", view);
        Dialog<ButtonType> dialog = FormDialogs.dialog(owner, viewModel.title(), content,
                GuiText.text("import.start"));
        FormDialogs.okButton(dialog).disableProperty().bind(viewModel.problemProperty().isNotEmpty());
        FormDialogs.showThen(dialog, () -> main.submitImport(viewModel));
        return dialog;
    }

    @FXML
    private void initialize() {
        boolean creates = viewModel.createsProject();
        projectSection.setVisible(creates);
        projectSection.setManaged(creates);
        projectSeparator.setVisible(creates);
        projectSeparator.setManaged(creates);
        projectFolderField.textProperty().bindBidirectional(viewModel.projectFolderProperty());
        projectNameField.textProperty().bindBidirectional(viewModel.projectNameProperty());
        formatChoice.getItems().setAll(viewModel.formats());
        formatChoice.valueProperty().bindBidirectional(viewModel.formatProperty());
        formatHint.textProperty().bind(Bindings.createStringBinding(() -> viewModel.formatProperty().get() == null
                ? "" : GuiText.text("import.formatHint." + viewModel.formatProperty().get()), viewModel.formatProperty()));
        sourceField.textProperty().bindBidirectional(viewModel.sourceProperty());
        imagesField.textProperty().bindBidirectional(viewModel.imagesProperty());
        splitChoice.getItems().setAll(null, Split.TRAIN, Split.VAL, Split.TEST);
        splitChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(Split split) {
                return split == null ? GuiText.text("import.split.keep") : split.storeName();
            }

            @Override
            public Split fromString(String text) {
                throw new UnsupportedOperationException("the choice is not editable");
            }
        });
        splitChoice.valueProperty().bindBidirectional(viewModel.splitProperty());
        exhaustiveCheck.selectedProperty().bindBidirectional(viewModel.exhaustiveProperty());
        simulateCheck.selectedProperty().bindBidirectional(viewModel.simulateProperty());
        proportionSlider.valueProperty().bindBidirectional(viewModel.keepProportionProperty());
        proportionSlider.disableProperty().bind(viewModel.simulateProperty().not());
        proportionLabel.textProperty().bind(viewModel.keepProportionProperty().asString("%.2f"));
        seedField.textProperty().bindBidirectional(viewModel.seedProperty());
        seedField.disableProperty().bind(viewModel.simulateProperty().not());
        problemLabel.textProperty().bind(viewModel.problemProperty());
    }

    @FXML
    private void browseProjectFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(GuiText.text("import.projectFolder"));
        File folder = chooser.showDialog(owner);
        if (folder != null) {
            viewModel.projectFolderProperty().set(folder.getPath());
        }
    }

    @FXML
    private void browseSource() {
        String format = viewModel.formatProperty().get();
        boolean folderFormat = "voc".equals(format) || "yolo".equals(format);
        File chosen;
        if (folderFormat) {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(GuiText.text("import.source"));
            chosen = chooser.showDialog(owner);
        } else {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(GuiText.text("import.source"));
            chosen = chooser.showOpenDialog(owner);
        }
        if (chosen != null) {
            viewModel.sourceProperty().set(chosen.getPath());
        }
    }

    @FXML
    private void browseImages() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(GuiText.text("import.images"));
        File folder = chooser.showDialog(owner);
        if (folder != null) {
            viewModel.imagesProperty().set(folder.getPath());
        }
    }
}
