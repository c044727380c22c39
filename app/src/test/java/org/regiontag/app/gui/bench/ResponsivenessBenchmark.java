package org.regiontag.app.gui.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.regiontag.app.gui.AppContext;
import org.regiontag.app.gui.AppExecutors;
import org.regiontag.app.gui.EngineFixtures;
import org.regiontag.app.gui.TestProjects;
import org.regiontag.app.gui.UserFolders;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.main.MainWindow;
import org.regiontag.db.Project;
import org.regiontag.db.repo.BrowseRepository;
import org.regiontag.db.repo.ImageQuery;
import org.regiontag.engine.Djl;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.ModelVersions;

/**
 * Measures how responsive the application stays: the longest FX-thread stall and the frame
 * intervals during a scripted review session (keys as fast as a practised annotator), the time
 * from a key press to the heatmap of the next image, and memory and frame times while scrolling
 * through a generated 100,000-image project. The command is in {@code docs/benchmarks.md}.
 *
 * <p>Arguments: {@code WORK_DIR} (the generated projects are kept there and reused). System
 * properties: {@code bench.images} (size of the large project, default 100000), {@code bench.steps}
 * (images stepped through in the review session, default 200).
 */
public final class ResponsivenessBenchmark {

    /** Pause between key presses: about 30 keys a second, faster than a person keeps up. */
    private static final long KEY_GAP_MS = 30;
    private static final long WAIT_SECONDS = 120;

    private ResponsivenessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Djl.configureOffline();
        Path work = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"))
                .resolve("regiontag-responsiveness");
        int largeImages = Integer.getInteger("bench.images", 100_000);
        int steps = Integer.getInteger("bench.steps", 200);
        Files.createDirectories(work);
        Platform.startup(() -> { });
        // The sessions open and close windows one after another; the toolkit must outlive them.
        Platform.setImplicitExit(false);
        print("Java %s, %d cores, max heap %d MB, toolkit %s, prism %s", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("glass.platform", "default"), System.getProperty("prism.order", "default"));

        try {
            reviewSession(work.resolve("review-engine"), steps);
            largeProject(work.resolve("large-" + largeImages), largeImages);
        } finally {
            // The FX thread is not a daemon: without this a failure above would leave the JVM running.
            Platform.exit();
        }
    }

    /**
     * A review session on a project of demo scenes with features cached by a tiny random checkpoint,
     * one trained model version and confident suggestions; heatmaps come from the engine's service.
     */
    private static void reviewSession(Path folder, int steps) throws Exception {
        Path projectFolder = folder.resolve("project");
        if (!Files.isDirectory(projectFolder)) {
            long start = System.nanoTime();
            try (Project project = TestProjects.demoProject(folder, Math.max(steps + 20, 300), 256)) {
                EngineFixtures.extract(project, EngineFixtures.writeCheckpoint(folder));
                // One trained round, so that the maps come from a trained version as they do in real use.
                EngineFixtures.engineJobs().fineTune(project, "cpu").orElseThrow().run(ProgressListener.NONE,
                        new CancellationToken());
                long version = ModelVersions.findLatest(project).orElseThrow().id();
                TestProjects.suggestFromGroundTruth(project, version);
            }
            print("review project generated in %.1f s", (System.nanoTime() - start) / 1e9);
        }
        Session session = Session.open(folder, projectFolder);
        session.waitUntil(() -> session.read(() -> session.window.controller().zoomView().getImage() != null));

        List<Double> readySet = Collections.synchronizedList(new ArrayList<>());
        List<Double> readyPainted = Collections.synchronizedList(new ArrayList<>());
        List<Double> computedSet = Collections.synchronizedList(new ArrayList<>());
        List<Double> computedPainted = Collections.synchronizedList(new ArrayList<>());
        AtomicLong keyAt = new AtomicLong();
        AtomicLong neverDrawn = new AtomicLong();
        boolean[] inKeyHandler = {false};
        session.onFx(() -> {
            // The overlay set on the view model and not yet drawn, with its key's time and kind.
            Object[] awaited = {null, 0L, false};
            Runnable paintedAtNextPulse = () -> {
                long pressed = (Long) awaited[1];
                boolean ready = (Boolean) awaited[2];
                awaited[0] = null;
                new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        (ready ? readyPainted : computedPainted).add((System.nanoTime() - pressed) / 1e6);
                        stop();
                    }
                }.start();
            };
            var zoomView = session.window.controller().zoomView();
            session.viewModel.image().overlayProperty().addListener((observable, before, after) -> {
                if (awaited[0] != null) {
                    // Replaced before the view drew it: no "on screen" time, but counted.
                    neverDrawn.incrementAndGet();
                    awaited[0] = null;
                }
                if (after != null && keyAt.get() != 0) {
                    long pressed = keyAt.getAndSet(0);
                    // Set while the key is handled: the overlay was ready (cached or computed ahead).
                    boolean ready = inKeyHandler[0];
                    (ready ? readySet : computedSet).add((System.nanoTime() - pressed) / 1e6);
                    awaited[0] = after;
                    awaited[1] = pressed;
                    awaited[2] = ready;
                    // The view may draw a new overlay later than it is set, because it scales it ahead. So
                    // "on screen" waits until the view draws this overlay, then for the next pulse.
                    if (zoomView.shownOverlayProperty().get() == after) {
                        paintedAtNextPulse.run();
                    }
                }
            });
            zoomView.shownOverlayProperty().addListener((observable, before, after) -> {
                if (after != null && after == awaited[0]) {
                    paintedAtNextPulse.run();
                }
            });
            return null;
        });

        try (FxWatchdog idle = new FxWatchdog()) {
            idle.start();
            Thread.sleep(5000);
            print("%n## idle window for 5 s (the baseline of the toolkit and the machine)");
            print("FX-thread stall (runLater probe delay): %s", idle.probeDelays());
            print("frame interval: %s", idle.frameIntervals());
        }

        try (FxWatchdog watchdog = new FxWatchdog()) {
            watchdog.start();
            long start = System.nanoTime();
            for (int step = 0; step < steps; step++) {
                session.onFx(() -> {
                    keyAt.set(System.nanoTime());
                    inKeyHandler[0] = true;
                    session.press(KeyCode.RIGHT);
                    inKeyHandler[0] = false;
                    return null;
                });
                Thread.sleep(KEY_GAP_MS);
                for (KeyCode key : new KeyCode[] {KeyCode.DOWN, KeyCode.A, KeyCode.DOWN, KeyCode.R, KeyCode.P}) {
                    session.onFx(() -> {
                        session.press(key);
                        return null;
                    });
                    Thread.sleep(KEY_GAP_MS);
                }
            }
            session.waitUntil(() -> session.read(() -> session.viewModel.categories().pendingWritesProperty().get() == 0));
            double seconds = (System.nanoTime() - start) / 1e9;
            print("%n## review session: %d images, %d key presses in %.1f s", steps, steps * 6, seconds);
            print("FX-thread stall (runLater probe delay): %s", watchdog.probeDelays());
            print("frame interval: %s", watchdog.frameIntervals());
            watchdog.close();
            print("CPU: %s, %.2f ms of FX-thread CPU per key press", watchdog.cpuTimes(),
                    watchdog.fxCpuSeconds() * 1000 / (steps * 6));
            print("key to heatmap set, overlay ready: %s", FxWatchdog.Stats.of(readySet));
            print("key to heatmap on screen (drawn by the view, next pulse), overlay ready: %s",
                    FxWatchdog.Stats.of(readyPainted));
            print("heatmaps replaced before the view drew them: %d", neverDrawn.get());
            print("key to heatmap set, overlay computed after the key: %s", FxWatchdog.Stats.of(computedSet));
            print("key to heatmap on screen, overlay computed after the key: %s",
                    FxWatchdog.Stats.of(computedPainted));
        }
        session.close();
    }

    /** Browsing, scrolling and stepping through a large project whose images are not on disk. */
    private static void largeProject(Path folder, int images) throws Exception {
        Path projectFolder = folder.resolve("project");
        if (!Files.isDirectory(projectFolder)) {
            long start = System.nanoTime();
            try (Project project = TestProjects.labelsOnlyProject(folder, images)) {
                long version = TestProjects.insertModelVersion(project, null, "demo-tiny-clip", null);
                TestProjects.suggestFromGroundTruth(project, version);
            }
            print("%nlarge project of %,d images generated in %.1f s", images, (System.nanoTime() - start) / 1e9);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);

        long openStart = System.nanoTime();
        Session session = Session.open(folder, projectFolder);
        session.waitUntil(() -> session.read(() -> session.viewModel.browser().imageCountProperty().get() == images
                && session.viewModel.browser().summaryAt(0) != null));
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        long heapOpen = usedHeapAfterGc(memory);

        print("%n## large project: %,d images, %,d categories", images,
                session.read(() -> session.viewModel.browser().categories().size()));
        print("open until the first summaries show: %.2f s", openSeconds);

        try (FxWatchdog watchdog = new FxWatchdog()) {
            watchdog.start();
            long[] maxHeap = {0};
            int rows = session.read(() -> session.window.controller().grid().rowList().getItems().size());
            // Scrolls 60 px a frame (3,600 px/s at 60 frames/s) for 20 s, as a fast wheel or a dragged bar does.
            CompletableFuture<Void> scrolled = new CompletableFuture<>();
            session.onFx(() -> {
                VirtualFlow<?> flow = (VirtualFlow<?>) session.window.controller().grid().rowList()
                        .lookup(".virtual-flow");
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        flow.scrollPixels(60);
                        maxHeap[0] = Math.max(maxHeap[0], memory.getHeapMemoryUsage().getUsed());
                        if (now > end) {
                            stop();
                            scrolled.complete(null);
                        }
                    }
                }.start();
                return null;
            });
            scrolled.get(WAIT_SECONDS, TimeUnit.SECONDS);
            print("scrolling %d rows for 20 s: FX-thread stall %s", rows, watchdog.probeDelays());
            print("scrolling frame interval: %s", watchdog.frameIntervals());
            watchdog.close();
            print("scrolling CPU: %s", watchdog.cpuTimes());
            print("heap: %d MB used after opening (%d MB before), at most %d MB while scrolling (thumbnail cache %d"
                    + " entries, %d KB)", heapOpen >> 20, heapBefore >> 20, maxHeap[0] >> 20,
                    session.read(() -> session.window.controller().thumbnails().size()),
                    session.read(() -> session.window.controller().thumbnails().bytes()) >> 10);
        }

        try (FxWatchdog watchdog = new FxWatchdog()) {
            watchdog.start();
            long jump = System.nanoTime();
            session.onFx(() -> {
                session.viewModel.browser().select(images - 1);
                return null;
            });
            session.waitUntil(() -> session.read(() -> session.viewModel.categories().imageId() == images
                    && !session.viewModel.categories().rows().isEmpty()));
            print("jump to the last image until its categories show: %.0f ms", (System.nanoTime() - jump) / 1e6);
            for (int step = 0; step < 100; step++) {
                session.onFx(() -> {
                    session.press(KeyCode.LEFT);
                    return null;
                });
                Thread.sleep(KEY_GAP_MS);
            }
            long filter = System.nanoTime();
            // A no-op queued just before the filter's query measures how long that query waits for a read thread.
            CompletableFuture<Long> queueWait = new CompletableFuture<>();
            session.executors.executors().reads().execute(() -> queueWait.complete(System.nanoTime() - filter));
            session.onFx(() -> {
                session.viewModel.browser().withSuggestionsProperty().set(true);
                return null;
            });
            session.waitUntil(() -> session.read(() -> !session.viewModel.browser().loadingProperty().get()));
            print("filter 'has suggestions' on %,d images: %.0f ms until listed (%,d pass); it waited %.0f ms"
                    + " for a read thread", images, (System.nanoTime() - filter) / 1e6, session.read(() ->
                            session.viewModel.browser().imageCountProperty().get()),
                    queueWait.get(WAIT_SECONDS, TimeUnit.SECONDS) / 1e6);
            print("100 steps back from the end, then the filter: FX-thread stall %s", watchdog.probeDelays());
            watchdog.close();
            print("CPU: %s", watchdog.cpuTimes());
        }

        session.onFx(() -> {
            session.viewModel.browser().withSuggestionsProperty().set(false);
            return null;
        });
        session.waitUntil(() -> session.read(() -> !session.viewModel.browser().loadingProperty().get()));
        idleReads(session);
        long idleFilter = System.nanoTime();
        session.onFx(() -> {
            session.viewModel.browser().withSuggestionsProperty().set(true);
            return null;
        });
        session.waitUntil(() -> session.read(() -> !session.viewModel.browser().loadingProperty().get()));
        print("filter 'has suggestions' with no reads queued: %.0f ms until listed",
                (System.nanoTime() - idleFilter) / 1e6);
        long query = System.nanoTime();
        int passing = session.viewModel.project().database().read(connection -> new BrowseRepository(connection)
                .findImageIds(new ImageQuery(null, null, true, false, ImageQuery.ImageOrder.ID))).length;
        print("the filter's query alone, on this thread: %.0f ms (%,d pass)", (System.nanoTime() - query) / 1e6,
                passing);
        session.close();
        print("heap after closing: %d MB", usedHeapAfterGc(memory) >> 20);
    }

    /** Waits until the read threads have run everything queued so far, twice over for the reads that work queues. */
    private static void idleReads(Session session) throws Exception {
        for (int pass = 0; pass < 2; pass++) {
            CompletableFuture<Void> drained = new CompletableFuture<>();
            session.executors.executors().reads().execute(() -> drained.complete(null));
            drained.get(WAIT_SECONDS, TimeUnit.SECONDS);
            Thread.sleep(500);
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    /** The application's main window on one project. */
    private static final class Session {
        final AppExecutors executors;
        final MainViewModel viewModel;
        final MainWindow window;
        final Stage stage;

        private Session(AppExecutors executors, MainViewModel viewModel, MainWindow window, Stage stage) {
            this.executors = executors;
            this.viewModel = viewModel;
            this.window = window;
            this.stage = stage;
        }

        static Session open(Path work, Path projectFolder) throws Exception {
            AppExecutors executors = new AppExecutors();
            AppContext context = new AppContext(executors.executors(), UserFolders.under(work.resolve("user")),
                    EngineFixtures.engineJobs(), choice -> "Device: not probed", "bench");
            CompletableFuture<Session> opened = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    MainViewModel viewModel = new MainViewModel(context);
                    Stage stage = new Stage();
                    MainWindow window = MainWindow.show(stage, viewModel);
                    stage.setWidth(1280);
                    stage.setHeight(800);
                    viewModel.open(projectFolder);
                    opened.complete(new Session(executors, viewModel, window, stage));
                } catch (RuntimeException | Error e) {
                    opened.completeExceptionally(e);
                }
            });
            return opened.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        /** Sends a key press through the scene, as the keyboard does. */
        void press(KeyCode code) {
            Scene scene = stage.getScene();
            KeyEvent event = new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false);
            javafx.event.Event.fireEvent(scene.getFocusOwner() != null ? scene.getFocusOwner() : scene.getRoot(),
                    event);
        }

        <T> T onFx(Callable<T> work) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    result.complete(work.call());
                } catch (Exception | Error e) {
                    result.completeExceptionally(e);
                }
            });
            return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        <T> T read(Callable<T> work) {
            try {
                return onFx(work);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void waitUntil(BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the application did not get there within " + WAIT_SECONDS + " s");
                }
                Thread.sleep(20);
            }
        }

        void close() throws Exception {
            onFx(() -> {
                viewModel.closeProject();
                stage.close();
                return null;
            });
            executors.close();
        }
    }
}
