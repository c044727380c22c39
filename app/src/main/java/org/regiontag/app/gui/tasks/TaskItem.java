package org.regiontag.app.gui.tasks;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One background job as the task panel shows it; its properties change on the {@code ui} executor only. */
public final class TaskItem {

    /** Where a task is in its life. */
    public enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public boolean isFinished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    private final String title;
    private final Runnable canceller;
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", -1);
    private final StringProperty eta = new SimpleStringProperty(this, "eta", "");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.QUEUED);

    TaskItem(String title, Runnable canceller) {
        this.title = title;
        this.canceller = canceller;
    }

    public String title() {
        return title;
    }

    /** The current phase and counts, or the outcome once finished. */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    /** The finished fraction in [0, 1], or -1 while it is not known. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    /** The estimated time left, such as "2 min 10 s left", or empty. */
    public ReadOnlyStringProperty etaProperty() {
        return eta;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public State state() {
        return state.get();
    }

    public String message() {
        return message.get();
    }

    public double progress() {
        return progress.get();
    }

    /** Asks the job to stop; it ends at its next check and leaves the project as it was. */
    public void cancel() {
        if (!state.get().isFinished()) {
            canceller.run();
            message.set(org.regiontag.app.gui.GuiText.text("task.cancelling"));
        }
    }

    void update(String newMessage, double newProgress, String newEta) {
        message.set(newMessage);
        progress.set(newProgress);
        eta.set(newEta);
    }

    void setState(State newState) {
        state.set(newState);
    }

    void finish(State finalState, String outcome) {
        state.set(finalState);
        message.set(outcome);
        eta.set("");
        if (finalState == State.SUCCEEDED) {
            progress.set(1);
        }
    }
}
