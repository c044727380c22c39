package org.regiontag.engine.train;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread on which RegionTag records gradients.
 *
 * <p>DJL's PyTorch engine allows a single {@code GradientCollector} per JVM at a time, and
 * {@code NDScope} is per thread; so every piece of code that opens a collector (training rounds,
 * gradient checks) runs its whole body here, one at a time, in submission order.
 */
public final class TrainingExecutor {

    private static final ThreadLocal<Boolean> ON_TRAINING_THREAD = ThreadLocal.withInitial(() -> false);
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(() -> {
            ON_TRAINING_THREAD.set(true);
            task.run();
        }, "regiontag-training");
        thread.setDaemon(true);
        return thread;
    });

    private TrainingExecutor() {
    }

    /**
     * Runs the task on the training thread and waits for it; runs it directly when already there.
     * When the waiting thread is interrupted, the task's thread is interrupted too (training
     * loops check it between steps) and the {@link InterruptedException} is thrown.
     *
     * @throws Exception whatever the task threw, unwrapped
     */
    public static <T> T call(Callable<T> task) throws Exception {
        if (isTrainingThread()) {
            return task.call();
        }
        Future<T> future = EXECUTOR.submit(task);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Returns whether the current thread is the training thread. */
    public static boolean isTrainingThread() {
        return ON_TRAINING_THREAD.get();
    }
}
