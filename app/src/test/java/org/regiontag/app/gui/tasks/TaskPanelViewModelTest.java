package org.regiontag.app.gui.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.job.Progress;

class TaskPanelViewModelTest {

    private final List<Runnable> jobQueue = new ArrayList<>();
    private final List<Runnable> uiQueue = new ArrayList<>();
    private final TaskPanelViewModel tasks = new TaskPanelViewModel(new UiExecutors(uiQueue::add, Runnable::run,
            Runnable::run, jobQueue::add));

    @Test
    void progressShowsNewestReportOnly() {
        List<String> results = new ArrayList<>();
        TaskItem item = tasks.submit("Count", (listener, token) -> {
            for (int i = 1; i <= 100; i++) {
                listener.onProgress(new Progress("train", i, 100, Optional.of(Duration.ofSeconds(100 - i)),
                        Map.of("loss", 1.0 / i)));
            }
            return "done";
        }, result -> result, results::add, failure -> { });
        assertThat(item.state()).isEqualTo(TaskItem.State.QUEUED);
        assertThat(tasks.activeCountBinding().get()).isEqualTo(1);

        runJobs();

        // One hand-over for the state, one for the coalesced progress, one for the result.
        assertThat(uiQueue).hasSize(3);
        uiQueue.get(0).run();
        uiQueue.get(1).run();
        assertThat(item.state()).isEqualTo(TaskItem.State.RUNNING);
        assertThat(item.message()).isEqualTo("Training: 100 of 100, loss 0.0100");
        assertThat(item.progress()).isEqualTo(1.0);
        uiQueue.get(2).run();
        assertThat(item.state()).isEqualTo(TaskItem.State.SUCCEEDED);
        assertThat(item.message()).isEqualTo("done");
        assertThat(results).containsExactly("done");
        assertThat(tasks.activeCountBinding().get()).isZero();
    }

    @Test
    void cancelBeforeStartSkipsJob() {
        List<String> ran = new ArrayList<>();
        TaskItem item = tasks.submit("Never", (listener, token) -> {
            ran.add("ran");
            return "x";
        }, result -> result, result -> { }, failure -> { });

        item.cancel();
        runJobs();
        uiQueue.forEach(Runnable::run);

        assertThat(ran).isEmpty();
        assertThat(item.state()).isEqualTo(TaskItem.State.CANCELLED);
    }

    @Test
    void cancelWhileRunningStopsAtNextCheck() {
        List<TaskItem> items = new ArrayList<>();
        items.add(tasks.submit("Loop", (listener, token) -> {
            items.get(0).cancel();
            token.throwIfCancelled();
            return "unreachable";
        }, result -> result, result -> { }, failure -> { }));

        runJobs();
        uiQueue.forEach(Runnable::run);

        assertThat(items.get(0).state()).isEqualTo(TaskItem.State.CANCELLED);
        assertThat(items.get(0).message()).isEqualTo("Cancelled; the project is as it was.");
    }

    @Test
    void failureBecomesSentence() {
        List<String> failures = new ArrayList<>();
        TaskItem item = tasks.submit("Fail", (listener, token) -> {
            throw new UserInputException("labels.csv line 3: unknown state 'maybe'; use 1, -1 or 0");
        }, result -> "", result -> { }, failures::add);

        runJobs();
        uiQueue.forEach(Runnable::run);

        assertThat(item.state()).isEqualTo(TaskItem.State.FAILED);
        assertThat(failures).containsExactly("Labels.csv line 3: unknown state 'maybe'; use 1, -1 or 0");
        tasks.dismiss(item);
        assertThat(tasks.tasks()).isEmpty();
    }

    private void runJobs() {
        List<Runnable> queued = new ArrayList<>(jobQueue);
        jobQueue.clear();
        queued.forEach(Runnable::run);
    }
}
