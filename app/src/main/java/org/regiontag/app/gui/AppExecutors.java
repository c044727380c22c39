package org.regiontag.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The background threads of the running application, with the FX thread as the {@code ui} executor. */
public final class AppExecutors implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppExecutors.class);
    /** Store reads are short; two threads keep one free while the other waits on the disk. */
    private static final int READ_THREADS = 2;

    private final List<ExecutorService> services = new ArrayList<>();
    private final UiExecutors executors;

    public AppExecutors() {
        ExecutorService reads = add(pool(READ_THREADS, "store-read"));
        ExecutorService writes = add(pool(1, "store-write"));
        ExecutorService jobs = add(pool(1, "job"));
        executors = new UiExecutors(Platform::runLater, reads, writes, jobs);
    }

    public UiExecutors executors() {
        return executors;
    }

    /** Stops the threads: label writes already queued still run, so no decision is lost. */
    @Override
    public void close() {
        for (ExecutorService service : services) {
            service.shutdown();
        }
        try {
            for (ExecutorService service : services) {
                if (!service.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("Background work did not end within 10 s of closing; leaving it");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Creates a pool that drops work submitted after {@link #close()} with a log line, because while
     * the window closes the FX thread may still request a read whose result nothing would show.
     */
    private static ExecutorService pool(int threads, String name) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                daemon(name), (task, executor) -> LOG.info("Dropped work for {} after the application closed", name));
    }

    private ExecutorService add(ExecutorService service) {
        services.add(service);
        return service;
    }

    /** Names threads for the log and lets the JVM exit while they run. */
    public static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
