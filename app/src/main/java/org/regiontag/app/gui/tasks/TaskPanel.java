package org.regiontag.app.gui.tasks;

import java.util.HashMap;
import java.util.Map;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.regiontag.app.gui.GuiText;

/**
 * The task panel: one line per background task with its title, phase, progress bar, time left and a
 * cancel button. A task that succeeded leaves after a few seconds; a failed one stays until dismissed.
 * The panel hides itself when there is no task.
 */
public final class TaskPanel extends VBox {

    /** How long a finished task stays, so that its outcome can be read. */
    private static final Duration LINGER = Duration.seconds(8);

    private final TaskPanelViewModel viewModel;
    private final Map<TaskItem, Node> rows = new HashMap<>();

    public TaskPanel(TaskPanelViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("task-panel");
        setSpacing(4);
        viewModel.tasks().addListener((ListChangeListener<TaskItem>) change -> rebuild());
        rebuild();
    }

    private void rebuild() {
        getChildren().clear();
        rows.keySet().retainAll(viewModel.tasks());
        for (TaskItem task : viewModel.tasks()) {
            getChildren().add(rows.computeIfAbsent(task, this::row));
        }
        setVisible(!viewModel.tasks().isEmpty());
        setManaged(!viewModel.tasks().isEmpty());
    }

    private Node row(TaskItem task) {
        Label title = new Label(task.title());
        title.getStyleClass().add("task-title");
        Label message = new Label();
        message.getStyleClass().add("task-message");
        message.textProperty().bind(task.messageProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(180);
        bar.progressProperty().bind(task.progressProperty());
        Label eta = new Label();
        eta.getStyleClass().add("task-eta");
        eta.textProperty().bind(task.etaProperty());
        Button action = new Button(GuiText.text("task.cancel"));
        action.setFocusTraversable(false);
        action.setOnAction(event -> {
            if (task.state().isFinished()) {
                viewModel.dismiss(task);
            } else {
                task.cancel();
            }
        });

        HBox box = new HBox(8, title, message, eta, bar, action);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("task-row");
        task.stateProperty().addListener((observable, before, after) -> {
            box.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass(
                    after.name().toLowerCase(java.util.Locale.ROOT)), true);
            if (after.isFinished()) {
                action.setText(GuiText.text("task.dismiss"));
                bar.setVisible(after == TaskItem.State.SUCCEEDED);
            }
            if (after == TaskItem.State.SUCCEEDED || after == TaskItem.State.CANCELLED) {
                PauseTransition linger = new PauseTransition(LINGER);
                linger.setOnFinished(event -> viewModel.dismiss(task));
                linger.play();
            }
        });
        if (task.state() == TaskItem.State.QUEUED) {
            message.textProperty().unbind();
            message.setText(GuiText.text("task.queued"));
            task.stateProperty().addListener((observable, before, after) -> {
                if (!message.textProperty().isBound()) {
                    message.textProperty().bind(task.messageProperty());
                }
            });
        }
        return box;
    }
}
