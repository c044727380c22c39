package org.regiontag.app.gui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.regiontag.app.gui.keys.Action;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.main.MainWindow;
import org.regiontag.app.gui.project.ImportDialogViewModel;
import org.regiontag.app.gui.review.ReviewGridWindow;
import org.regiontag.app.gui.tasks.TaskItem;
import org.regiontag.app.gui.training.TrainingWindow;
import org.regiontag.app.services.DefaultEngineJobs;
import org.regiontag.app.services.EngineJobs;
import org.regiontag.db.Project;
import org.regiontag.engine.Djl;
import org.regiontag.engine.project.ModelVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the screenshots of the application's main states for the documentation, with the real
 * toolkit (run it under {@code xvfb-run}; the command is in {@code docs/application.md}).
 *
 * <p>Arguments: {@code OUT_DIR [PROJECT_DIR]}. The documentation's screenshots are taken on a demo
 * project built by {@code regiontag demo}. Without a project it builds one from generated demo
 * scenes, extracts their features with a tiny CLIP checkpoint with random weights, which is quick
 * and needs no demo model, and runs {@value #ROUNDS} fine-tuning rounds in the window. The charts
 * and the prototype map are the engine's output. Random weights show no object in the heatmap and
 * propose nothing with confidence, so the pending suggestions come from the complete labels. A given project
 * is opened with the user's models; its screenshots show a heatmap, the review grid and the charts
 * when it has model versions.
 */
public final class Screenshots {

    private static final Logger LOG = LoggerFactory.getLogger(Screenshots.class);
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 760;
    private static final long WAIT_SECONDS = 60;
    /** Largest screenshot file kept in the repository. */
    private static final long MAX_BYTES = 195_000;
    /** Fine-tuning rounds run on a generated project, so that the charts have several points. */
    private static final int ROUNDS = 3;
    /** Steps per round on a generated project: a loss curve with a visible trend, seconds per round. */
    private static final int ROUND_STEPS = 40;

    private Screenshots() {
    }

    public static void main(String[] args) throws Exception {
        Djl.configureOffline();
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("regiontag-screenshots");
        Path projectFolder;
        boolean given = args.length > 1;
        if (given) {
            projectFolder = Path.of(args[1]).toAbsolutePath();
        } else {
            try (Project project = TestProjects.demoProject(work, 120, 192)) {
                EngineFixtures.extract(project, EngineFixtures.writeCheckpoint(work));
                projectFolder = project.folder();
            }
        }
        EngineJobs engineJobs = given ? new DefaultEngineJobs() : EngineFixtures.engineJobs(ROUND_STEPS);

        Platform.startup(() -> { });
        AppExecutors executors = new AppExecutors();
        AppContext context = new AppContext(executors.executors(), UserFolders.under(work.resolve("user")),
                engineJobs, MainViewModel::describeDevice, "annotator");
        MainViewModel viewModel = onFx(() -> new MainViewModel(context));
        Stage stage = onFx(Stage::new);
        MainWindow window = onFx(() -> {
            MainWindow shown = MainWindow.show(stage, viewModel);
            stage.setWidth(WIDTH);
            stage.setHeight(HEIGHT);
            viewModel.probeDevice();
            viewModel.open(projectFolder);
            return shown;
        });

        waitUntil(() -> read(() -> window.controller().zoomView().getImage() != null));
        if (!given) {
            for (int round = 0; round < ROUNDS; round++) {
                fineTune(viewModel);
            }
            // A backbone with random weights proposes nothing with confidence, which would leave the
            // review grid empty. So the newest version's suggestions are replaced by confident ones
            // from the complete labels, as a well-trained model would make, and the project reopens.
            try (Project project = Project.open(projectFolder)) {
                TestProjects.suggestFromGroundTruth(project, ModelVersions.findLatest(project).orElseThrow().id());
            }
            onFx(() -> {
                viewModel.open(projectFolder);
                return null;
            });
            waitUntil(() -> read(() -> viewModel.project() != null && window.controller().zoomView().getImage() != null));
        }
        onFx(() -> {
            viewModel.browser().select(3);
            return null;
        });
        waitUntil(() -> read(() -> viewModel.categories().imageId() == viewModel.browser().imageIdAt(3)
                && window.controller().zoomView().getImage() != null
                && window.controller().thumbnails().size() >= 8));
        onFx(() -> {
            viewModel.categories().select(2);
            return null;
        });
        settle();
        boolean hasModel = read(() -> viewModel.latestVersionProperty().get() != null);
        if (hasModel) {
            waitUntil(() -> read(() -> window.controller().zoomView().getOverlay() != null
                    || !viewModel.image().heatmapHintProperty().get().isEmpty()));
            settle();
            save(stage.getScene(), out.resolve("heatmap.png"));
            onFx(() -> {
                viewModel.image().heatmapVisibleProperty().set(false);
                return null;
            });
            settle();
        }
        save(stage.getScene(), out.resolve("browsing.png"));

        onFx(() -> {
            window.controller().perform(Action.HELP);
            return null;
        });
        settle();
        save(stage.getScene(), out.resolve("keys.png"));
        onFx(() -> {
            window.controller().help().hide();
            return null;
        });

        if (hasModel) {
            ReviewGridWindow grid = onFx(() -> ReviewGridWindow.show(stage, viewModel,
                    window.controller().thumbnails()));
            waitUntil(() -> read(() -> !grid.viewModel().tiles().isEmpty() || !grid.viewModel().loadingProperty().get()));
            settle();
            save(grid.stage().getScene(), out.resolve("suggestions.png"));
            onFx(() -> {
                grid.stage().close();
                return null;
            });
            TrainingWindow training = onFx(() -> TrainingWindow.show(stage, viewModel));
            settle();
            save(training.stage().getScene(), out.resolve("training-progress.png"));
            onFx(() -> {
                training.selectTab(4);
                return null;
            });
            settle();
            save(training.stage().getScene(), out.resolve("prototype-map.png"));
            onFx(() -> {
                training.stage().close();
                return null;
            });
        }

        Path labels = largeLabelFile(work, 40_000);
        TaskItem task = onFx(() -> {
            ImportDialogViewModel form = new ImportDialogViewModel(viewModel.project());
            form.formatProperty().set("csv");
            form.sourceProperty().set(labels.toString());
            form.imagesProperty().set(work.resolve("elsewhere").toString());
            return viewModel.submitImport(form);
        });
        waitUntil(() -> read(() -> task.progress() > 0.05 || task.state().isFinished()));
        save(stage.getScene(), out.resolve("task-progress.png"));
        waitUntil(() -> read(() -> task.state().isFinished()));

        onFx(() -> {
            stage.close();
            return null;
        });
        executors.close();
        Platform.exit();
        deleteTree(work);
        LOG.info("Screenshots written to {}", out.toAbsolutePath());
    }

    /** Deletes the generated projects and settings; the screenshots are written elsewhere. */
    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Runs one fine-tuning round through the window, as Model > Fine-tune now does, and waits for its version. */
    private static void fineTune(MainViewModel viewModel) throws Exception {
        long before = read(() -> viewModel.latestVersionProperty().get() == null) ? 0
                : onFx(() -> viewModel.latestVersionProperty().get().id());
        onFx(() -> {
            viewModel.fineTuneNow();
            return null;
        });
        waitUntil(() -> read(() -> viewModel.latestVersionProperty().get() != null
                && viewModel.latestVersionProperty().get().id() > before));
    }

    /** Writes a wide CSV of {@code rows} images that do not exist, for an import that takes a few seconds. */
    private static Path largeLabelFile(Path work, int rows) throws IOException {
        Path file = work.resolve("more-labels.csv");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write("image,circle,square,star\n");
            for (int i = 0; i < rows; i++) {
                writer.write("extra/image-" + i + ".jpg," + (i % 3 == 0 ? 1 : -1) + ",," + (i % 5 == 0 ? 1 : 0) + "\n");
            }
        }
        return file;
    }

    private static void save(Scene scene, Path file) throws Exception {
        WritableImage image = onFx(() -> scene.snapshot(null));
        BufferedImage pixels = SwingFXUtils.fromFXImage(image, null);
        BufferedImage rgb = new BufferedImage(pixels.getWidth(), pixels.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(pixels, 0, 0, null);
        writeSmallPng(rgb, file);
        LOG.info("Wrote {} ({} bytes)", file, Files.size(file));
    }

    /**
     * Writes a PNG under {@link #MAX_BYTES}: as it is when it fits, else with 256 colours, else
     * scaled down in steps of a fifth, because the demo scenes' grain compresses badly.
     */
    private static void writeSmallPng(BufferedImage image, Path file) throws IOException {
        BufferedImage current = image;
        ImageIO.write(current, "png", file.toFile());
        while (Files.size(file) > MAX_BYTES) {
            ImageIO.write(Palette.reduce(current), "png", file.toFile());
            if (Files.size(file) <= MAX_BYTES || current.getWidth() < image.getWidth() / 2) {
                return;
            }
            current = scaled(current, 0.8);
            ImageIO.write(current, "png", file.toFile());
        }
    }

    private static BufferedImage scaled(BufferedImage image, double factor) {
        int width = (int) Math.round(image.getWidth() * factor);
        int height = (int) Math.round(image.getHeight() * factor);
        BufferedImage smaller = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D graphics = smaller.createGraphics();
        graphics.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(image, 0, 0, width, height, null);
        graphics.dispose();
        return smaller;
    }

    /** Lets layout, CSS and image loading finish. */
    private static void settle() throws InterruptedException {
        Thread.sleep(800);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the application did not reach the state for a screenshot within "
                        + WAIT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
    }

    private static boolean read(Callable<Boolean> condition) {
        try {
            return onFx(condition);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
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
}
