package org.regiontag.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.regiontag.db.Project;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.models.ModelLocator;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ProjectSettings;

/** Helpers that the engine's commands share: the project's backbone, and running a job from a terminal. */
final class PipelineSupport {

    /** How long an interrupted command waits for its job to stop between two units of work. */
    private static final long STOP_WAIT_SECONDS = 10;

    private PipelineSupport() {
    }

    /** Opens the backbone of the project's stored settings. */
    static Backbone openBackbone(Project project) {
        return openBackbone(ProjectSettings.read(project.database()));
    }

    static Backbone openBackbone(BackboneSettings settings) {
        return Backbone.open(settings, ModelLocator.forUser());
    }

    /**
     * Runs a job with its progress on standard error. Interrupting the program (Ctrl-C) cancels the
     * job and waits a few seconds for it to stop cleanly between two units of work.
     */
    static <R> R run(Job<R> job, JobProgressPrinter printer) throws Exception {
        CancellationToken token = new CancellationToken();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            token.cancel();
            try {
                finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "regiontag-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return job.run(printer, token);
        } finally {
            finished.countDown();
            printer.finish();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The program is shutting down, and the hook is running or has run.
            }
        }
    }
}
