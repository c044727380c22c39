package org.regiontag.app.gui.keys;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.regiontag.app.gui.GuiText;

/**
 * The list of keys over the main window, shown by the help key and closed by Esc, the help key or a
 * click. It reads the keymap each time it opens, so remapped keys show at once.
 */
public final class HelpOverlay extends StackPane {

    private final KeymapViewModel keys;
    private final GridPane grid = new GridPane();
    private final Label footer = new Label();

    public HelpOverlay(KeymapViewModel keys) {
        this.keys = keys;
        setId("helpOverlay");
        getStyleClass().add("help-overlay");
        Label title = new Label(GuiText.text("help.title"));
        title.getStyleClass().add("help-title");
        grid.setHgap(24);
        grid.setVgap(4);
        VBox card = new VBox(12, title, grid, footer);
        card.getStyleClass().add("help-card");
        card.setPadding(new Insets(20));
        card.setMaxSize(VBox.USE_PREF_SIZE, VBox.USE_PREF_SIZE);
        StackPane.setAlignment(card, Pos.CENTER);
        getChildren().add(card);
        setVisible(false);
        setOnMouseClicked(event -> hide());
    }

    public void toggle() {
        if (isVisible()) {
            hide();
        } else {
            show();
        }
    }

    public void show() {
        grid.getChildren().clear();
        int row = 0;
        for (KeyBinding binding : keys.bindings()) {
            Label action = new Label(GuiText.text(binding.action().messageKey()));
            Label key = new Label(KeyNames.display(binding.key()));
            key.getStyleClass().add("key-cap");
            grid.addRow(row++, key, action);
        }
        footer.setText(GuiText.text("help.close", KeyNames.display(keys.keymap().keyOf(Action.HELP))));
        setVisible(true);
    }

    public void hide() {
        setVisible(false);
    }
}
