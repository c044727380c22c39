package org.regiontag.app.gui.main;

import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.regiontag.app.gui.GuiText;

/**
 * The sentences the application has for the user, under the menu bar: information leaves after a
 * few seconds, warnings and errors stay until dismissed. Each may carry a button (Relink…, Models…).
 */
public final class NoticeBar extends VBox {

    private static final Duration INFO_SHOWN = Duration.seconds(6);

    private final MainViewModel viewModel;

    public NoticeBar(MainViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("notice-bar");
        viewModel.notices().addListener((ListChangeListener<Notice>) change -> rebuild());
        rebuild();
    }

    private void rebuild() {
        getChildren().clear();
        for (Notice notice : viewModel.notices()) {
            getChildren().add(row(notice));
        }
        setVisible(!getChildren().isEmpty());
        setManaged(!getChildren().isEmpty());
    }

    private Node row(Notice notice) {
        Label text = new Label(notice.text());
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox box = new HBox(8, text);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().addAll("notice", "notice-" + notice.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (notice.actionLabel() != null) {
            Button action = new Button(notice.actionLabel());
            action.setOnAction(event -> {
                viewModel.dismiss(notice);
                notice.action().run();
            });
            box.getChildren().add(action);
        }
        Button close = new Button("\u2715");
        close.getStyleClass().add("notice-close");
        close.setAccessibleText(GuiText.text("notice.dismiss"));
        close.setOnAction(event -> viewModel.dismiss(notice));
        box.getChildren().add(close);
        if (notice.kind() == Notice.Kind.INFO) {
            PauseTransition shown = new PauseTransition(INFO_SHOWN);
            shown.setOnFinished(event -> viewModel.dismiss(notice));
            shown.play();
        }
        return box;
    }
}
