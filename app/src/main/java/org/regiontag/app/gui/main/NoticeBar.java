package org.regiontag.app.gui.main;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
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
 *
 * <p>The rows are made once and reused for the notices that follow. JavaFX 21 repaints the whole
 * window in the frame after a newly created label is added to the scene, even a hidden one, as the
 * pulse logger showed with the software renderer. Key presses that each add a notice, such as
 * accepting where there is no suggestion, would otherwise cost such a frame every time.
 */
public final class NoticeBar extends VBox {

    private static final Duration INFO_SHOWN = Duration.seconds(6);

    private final MainViewModel viewModel;
    private final List<Row> rows = new ArrayList<>();
    /** The timers of the information notices in the list, by identity, since equal sentences may repeat. */
    private final Map<Notice, PauseTransition> timers = new IdentityHashMap<>();

    public NoticeBar(MainViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("notice-bar");
        viewModel.notices().addListener((ListChangeListener<Notice>) change -> update());
        // The rows are made hidden, ahead of the first notices, so that the full repaint that a new
        // label costs comes as the window opens and not on the first key presses that add notices.
        addRows(MainViewModel.MAX_NOTICES);
        update();
    }

    private void update() {
        List<Notice> notices = viewModel.notices();
        stopTimersOfRemoved(notices);
        addRows(notices.size());
        for (int i = 0; i < rows.size(); i++) {
            Notice notice = i < notices.size() ? notices.get(i) : null;
            rows.get(i).show(notice);
            if (notice != null && notice.kind() == Notice.Kind.INFO && !timers.containsKey(notice)) {
                PauseTransition timer = new PauseTransition(INFO_SHOWN);
                timer.setOnFinished(event -> viewModel.dismiss(notice));
                timers.put(notice, timer);
                timer.play();
            }
        }
        setVisible(!notices.isEmpty());
        setManaged(!notices.isEmpty());
    }

    private void addRows(int count) {
        while (rows.size() < count) {
            Row row = new Row();
            row.show(null);
            rows.add(row);
            getChildren().add(row.box);
        }
    }

    /** Stops the timers of notices no longer listed, which would otherwise dismiss an equal notice shown later. */
    private void stopTimersOfRemoved(List<Notice> notices) {
        Set<Notice> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        listed.addAll(notices);
        timers.entrySet().removeIf(entry -> {
            boolean removed = !listed.contains(entry.getKey());
            if (removed) {
                entry.getValue().stop();
            }
            return removed;
        });
    }

    /** The row of one notice, hidden while there is no notice for it. */
    private final class Row {
        private final Label text = new Label();
        private final Button action = new Button();
        private final Button close = new Button("\u2715");
        private final HBox box = new HBox(8, text, action, close);
        private Notice notice;

        Row() {
            text.setWrapText(true);
            text.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(text, Priority.ALWAYS);
            box.setAlignment(Pos.CENTER_LEFT);
            box.getStyleClass().add("notice");
            action.setOnAction(event -> {
                Notice current = notice;
                viewModel.dismiss(current);
                current.action().run();
            });
            close.getStyleClass().add("notice-close");
            close.setAccessibleText(GuiText.text("notice.dismiss"));
            close.setOnAction(event -> viewModel.dismiss(notice));
        }

        void show(Notice newNotice) {
            notice = newNotice;
            box.setVisible(newNotice != null);
            box.setManaged(newNotice != null);
            if (newNotice == null) {
                return;
            }
            text.setText(newNotice.text());
            box.getStyleClass().removeIf(style -> style.startsWith("notice-"));
            box.getStyleClass().add("notice-" + newNotice.kind().name().toLowerCase(Locale.ROOT));
            boolean hasAction = newNotice.actionLabel() != null;
            action.setText(hasAction ? newNotice.actionLabel() : "");
            action.setVisible(hasAction);
            action.setManaged(hasAction);
        }
    }
}
