package org.regiontag.app.gui.tasks;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.regiontag.app.gui.ErrorMessages;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.JobCancelledException;
import org.regiontag.engine.job.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on the {@code jobs} executor, one at a time in the order submitted, and keeps the list
 * the task panel shows: title, phase, progress, time left, and a cancel action.
 *
 * <p>Progress arrives on the job's thread, often hundreds of times a second; only the newest
 * report is kept and handed to the {@code ui} executor, at most one hand-over waiting at a time,
 * so a chatty job cannot flood the FX thread.
 */
public final class TaskPanelViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(TaskPanelViewModel.class);

    private final UiExecutors executors;
    private final ObservableList<TaskItem> tasks = FXCollections.observableArrayList();
    private final IntegerBinding activeCount;

    public TaskPanelViewModel(UiExecutors executors) {
        this.executors = executors;
        this.activeCount = Bindings.createIntegerBinding(
                () -> (int) tasks.stream().filter(task -> !task.state().isFinished()).count(), tasks);
        // A task that finishes changes the count without changing the list.
        tasks.addListener((javafx.collections.ListChangeListener<TaskItem>) change -> {
            while (change.next()) {
                for (TaskItem added : change.getAddedSubList()) {
                    added.stateProperty().addListener((observable, before, after) -> activeCount.invalidate());
                }
            }
        });
    }

    /** The tasks, oldest first: queued, running and finished ones until dismissed. */
    public ObservableList<TaskItem> tasks() {
        return tasks;
    }

    /** How many tasks are queued or running. */
    public IntegerBinding activeCountBinding() {
        return activeCount;
    }

    /**
     * Queues a job.
     *
     * @param title what the task panel calls it, such as "Export labels"
     * @param job the work; it runs on the {@code jobs} executor
     * @param outcome the one-line result to show once it succeeded
     * @param onSuccess runs on the {@code ui} executor with the job's result
     * @param onFailure runs on the {@code ui} executor with the sentence shown to the user, after a
     *     failure (not after a cancel)
     */
    public <R> TaskItem submit(String title, Job<R> job, Function<R, String> outcome, Consumer<R> onSuccess,
            Consumer<String> onFailure) {
        CancellationToken token = new CancellationToken();
        TaskItem item = new TaskItem(title, () -> {
            token.cancel();
            LOG.info("Cancel requested for '{}'", title);
        });
        tasks.add(item);
        LOG.info("Queued '{}'", title);

        AtomicReference<Progress> latest = new AtomicReference<>();
        executors.jobs().execute(() -> {
            if (token.isCancelled()) {
                executors.ui().execute(() -> item.finish(TaskItem.State.CANCELLED, GuiText.text("task.cancelled")));
                return;
            }
            executors.ui().execute(() -> item.setState(TaskItem.State.RUNNING));
            long start = System.nanoTime();
            try {
                R result = job.run(progress -> {
                    if (latest.getAndSet(progress) == null) {
                        executors.ui().execute(() -> show(item, latest.getAndSet(null)));
                    }
                }, token);
                LOG.info("'{}' finished in {} ms", title, (System.nanoTime() - start) / 1_000_000);
                executors.ui().execute(() -> {
                    item.finish(TaskItem.State.SUCCEEDED, outcome.apply(result));
                    onSuccess.accept(result);
                });
            } catch (JobCancelledException e) {
                LOG.info("'{}' was cancelled", title);
                executors.ui().execute(() -> item.finish(TaskItem.State.CANCELLED, GuiText.text("task.cancelled")));
            } catch (Exception | Error e) {
                String sentence = ErrorMessages.describe(e);
                if (ErrorMessages.isUserError(e)) {
                    LOG.info("'{}' failed: {}", title, sentence);
                } else {
                    LOG.error("'{}' failed", title, e);
                }
                executors.ui().execute(() -> {
                    item.finish(TaskItem.State.FAILED, sentence);
                    onFailure.accept(sentence);
                });
            }
        });
        return item;
    }

    /** Removes a finished task from the list; a running one stays. */
    public void dismiss(TaskItem item) {
        if (item.state().isFinished()) {
            tasks.remove(item);
        }
    }

    /** Removes every finished task. */
    public void dismissFinished() {
        tasks.removeIf(task -> task.state().isFinished());
    }

    private static void show(TaskItem item, Progress progress) {
        if (progress == null || item.state().isFinished()) {
            return;
        }
        String phase = phaseName(progress.phase());
        String counts = progress.total() > 0
                ? GuiText.text("task.progressCounts", phase, progress.done(), progress.total())
                : GuiText.text("task.progressDone", phase, progress.done());
        StringBuilder message = new StringBuilder(counts);
        Map<String, Double> metrics = new TreeMap<>(progress.metrics());
        for (Map.Entry<String, Double> metric : metrics.entrySet()) {
            message.append(GuiText.text("task.metric", metric.getKey(), metric.getValue()));
        }
        String eta = progress.eta().map(left -> GuiText.text("task.eta", Durations.format(left))).orElse("");
        item.update(message.toString(), progress.fraction(), eta);
    }

    /** Returns the translated name of a job phase, or the phase itself when the bundle has none. */
    private static String phaseName(String phase) {
        try {
            return GuiText.text("phase." + phase);
        } catch (IllegalStateException e) {
            return phase;
        }
    }
}
