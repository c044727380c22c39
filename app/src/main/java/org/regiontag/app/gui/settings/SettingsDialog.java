package org.regiontag.app.gui.settings;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.keys.KeyBinding;
import org.regiontag.app.gui.keys.KeyNames;
import org.regiontag.app.gui.keys.KeymapViewModel;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.project.FormDialogs;

/**
 * The settings dialog's view ({@code SettingsDialog.fxml}): review thresholds, thumbnail size,
 * device and model, and the keys. A key is changed by choosing its action, pressing "Change…" and
 * then the new key; a key another action has is rejected with a message naming that action.
 */
public final class SettingsDialog {

    private final SettingsViewModel viewModel;
    private final KeymapViewModel keys;

    @FXML private Slider thresholdSlider;
    @FXML private Label thresholdLabel;
    @FXML private Spinner<Integer> thumbnailSpinner;
    @FXML private TableView<KeyBinding> keyTable;
    @FXML private TableColumn<KeyBinding, String> actionColumn;
    @FXML private TableColumn<KeyBinding, String> keyColumn;
    @FXML private Button changeKeyButton;
    @FXML private Label keyMessage;
    @FXML private ComboBox<String> deviceChoice;
    @FXML private ComboBox<String> modelChoice;

    private KeyBinding capturing;

    SettingsDialog(SettingsViewModel viewModel, KeymapViewModel keys) {
        this.viewModel = viewModel;
        this.keys = keys;
    }

    /** Shows the dialog; the settings apply when the user confirms them. */
    public static Dialog<ButtonType> show(Window owner, MainViewModel main) {
        SettingsViewModel viewModel = new SettingsViewModel(main.settings());
        SettingsDialog view = new SettingsDialog(viewModel, main.keys());
        Parent content = FormDialogs.load("/org/regiontag/app/gui/settings/SettingsDialog.fxml", view);
        Dialog<ButtonType> dialog = FormDialogs.dialog(owner, GuiText.text("settings.title"), content,
                GuiText.text("settings.title"));
        dialog.getDialogPane().addEventFilter(KeyEvent.KEY_PRESSED, view::keyPressed);
        viewModel.loadModels(main.context().executors(), main::error);
        FormDialogs.showThen(dialog, () -> main.applySettings(viewModel.result()));
        return dialog;
    }

    @FXML
    private void initialize() {
        thresholdSlider.valueProperty().bindBidirectional(viewModel.confidentThresholdProperty());
        thresholdLabel.textProperty().bind(viewModel.confidentThresholdProperty().asString("%.2f"));
        thumbnailSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(Settings.MIN_THUMBNAIL_SIZE,
                Settings.MAX_THUMBNAIL_SIZE, viewModel.thumbnailSizeProperty().get(), 16));
        thumbnailSpinner.valueProperty().addListener((observable, before, after) -> {
            if (after != null) {
                viewModel.thumbnailSizeProperty().set(after);
            }
        });

        actionColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(
                GuiText.text(cell.getValue().action().messageKey())));
        keyColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(KeyNames.display(cell.getValue().key())));
        keyTable.setItems(keys.bindings());
        changeKeyButton.disableProperty().bind(keyTable.getSelectionModel().selectedItemProperty().isNull());

        deviceChoice.getItems().setAll(viewModel.devices());
        deviceChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(String device) {
                return device == null ? "" : GuiText.text("settings.device." + device);
            }

            @Override
            public String fromString(String text) {
                throw new UnsupportedOperationException("the choice is not editable");
            }
        });
        deviceChoice.valueProperty().bindBidirectional(viewModel.deviceProperty());
        modelChoice.setItems(viewModel.models());
        modelChoice.valueProperty().bindBidirectional(viewModel.modelProperty());
    }

    @FXML
    private void changeKey() {
        capturing = keyTable.getSelectionModel().getSelectedItem();
        if (capturing != null) {
            keyMessage.setText(GuiText.text("settings.keys.press", GuiText.text(capturing.action().messageKey()),
                    KeyNames.display(capturing.key())));
        }
    }

    @FXML
    private void resetKeys() {
        capturing = null;
        keyMessage.setText(keys.resetToDefaults().orElse(""));
    }

    private void keyPressed(KeyEvent event) {
        if (capturing == null || event.getCode().isModifierKey() || event.getCode() == KeyCode.UNDEFINED) {
            return;
        }
        event.consume();
        KeyBinding target = capturing;
        capturing = null;
        if (event.getCode() == KeyCode.ESCAPE) {
            keyMessage.setText("");
            return;
        }
        String combination = combinationOf(event).getName();
        keyMessage.setText(keys.remap(target.action(), combination).orElse(""));
    }

    /** Returns the combination of a key press, with Ctrl (or Cmd on macOS) written as Shortcut. */
    static KeyCombination combinationOf(KeyEvent event) {
        KeyCombination.ModifierValue down = KeyCombination.ModifierValue.DOWN;
        KeyCombination.ModifierValue up = KeyCombination.ModifierValue.UP;
        return new KeyCodeCombination(event.getCode(), event.isShiftDown() ? down : up,
                KeyCombination.ModifierValue.UP, event.isAltDown() ? down : up, KeyCombination.ModifierValue.UP,
                event.isShortcutDown() ? down : up);
    }
}
