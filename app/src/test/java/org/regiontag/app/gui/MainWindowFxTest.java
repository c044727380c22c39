package org.regiontag.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.gui.categories.CategoryRow;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.main.MainWindow;
import org.regiontag.app.gui.project.ExportDialog;
import org.regiontag.app.gui.project.FormDialogs;
import org.regiontag.app.gui.review.ReviewTile;
import org.regiontag.app.gui.tasks.TaskItem;
import org.regiontag.db.Project;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.LabelSource;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.engine.project.ModelVersions;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real main window on a real project, driven headless through TestFX (Monocle): keys, clicks,
 * the painted heatmap, the review grid, undo, export and the help overlay.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowFxTest {

    private static final long TIMEOUT_SECONDS = 15;
    private static final long ROUND_TIMEOUT_SECONDS = 90;

    @TempDir
    Path temp;

    private AppExecutors executors;
    private MainViewModel viewModel;
    private MainWindow window;
    private Stage stage;
    private Path projectFolder;

    @Start
    void start(Stage primary) throws Exception {
        stage = primary;
        try (Project project = TestProjects.demoProject(temp, 60, 96)) {
            EngineFixtures.extract(project, EngineFixtures.writeCheckpoint(temp));
            // The random checkpoint's zero-shot proposals are arbitrary; proposals from the complete
            // labels give every test the same confident suggestions to decide.
            long zeroShot = ModelVersions.findLatest(project).orElseThrow().id();
            TestProjects.suggestFromGroundTruth(project, zeroShot);
            Category circle = project.database().read(connection ->
                    new CategoryRepository(connection).findAllCategories()).get(0);
            EngineFixtures.paintLeftRight(project, 1, circle);
            projectFolder = project.folder();
        }
        executors = new AppExecutors();
        AppContext context = new AppContext(executors.executors(), UserFolders.under(temp.resolve("user")),
                EngineFixtures.engineJobs(), choice -> "Device: test", "alice");
        viewModel = new MainViewModel(context);
        window = MainWindow.show(stage, viewModel);
        viewModel.open(projectFolder);
    }

    @AfterEach
    void stop() throws Exception {
        // Closing the project goes through the writes executor, which close() drains, so no store
        // file is written while the temporary folder is deleted.
        WaitForAsyncUtils.asyncFx(() -> viewModel.closeProject()).get(15, TimeUnit.SECONDS);
        executors.close();
    }

    @Test
    void opensProjectWithThumbnailsAndImage(FxRobot robot) throws Exception {
        waitFor(() -> window.controller().zoomView().getImage() != null);
        int visibleTiles = fx(() -> robot.lookup(".thumbnail-tile").queryAll().size());
        waitFor(() -> fx(() -> window.controller().thumbnails().size()) >= visibleTiles);

        assertThat(visibleTiles).isGreaterThanOrEqualTo(6);

        assertThat(fx(() -> viewModel.browser().imageCountProperty().get())).isEqualTo(60);
        assertThat(fx(() -> window.controller().categoryPanel().list().getItems().size())).isEqualTo(12);
        assertThat(fx(() -> stage.getTitle())).startsWith("test project");
    }

    @Test
    void heatmapIsPaintedWarmOnLeftCoolOnRight(FxRobot robot) throws Exception {
        waitFor(() -> window.controller().zoomView().getImage() != null);
        robot.interact(() -> viewModel.image().opacityProperty().set(1.0));
        waitFor(() -> window.controller().zoomView().getOverlay() != null);
        // The view draws a new overlay once it is scaled to the view's pixels, off the FX thread.
        waitFor(() -> fx(() -> window.controller().zoomView().shownOverlayProperty().get()
                == window.controller().zoomView().getOverlay()));

        WritableImage snapshot = fx(() -> window.controller().zoomView().snapshot(null, null));
        PixelReader pixels = snapshot.getPixelReader();
        double side = fx(() -> window.controller().zoomView().getImage().getWidth());
        Point2D left = fx(() -> window.controller().zoomView().viewPointOf(side * 0.2, side * 0.5));
        Point2D right = fx(() -> window.controller().zoomView().viewPointOf(side * 0.8, side * 0.5));

        javafx.scene.paint.Color warm = pixels.getColor((int) left.getX(), (int) left.getY());
        javafx.scene.paint.Color cool = pixels.getColor((int) right.getX(), (int) right.getY());
        assertThat(warm.getRed()).as("left of the map: warm").isGreaterThan(warm.getBlue() + 0.3);
        assertThat(cool.getBlue()).as("right of the map: cool").isGreaterThan(cool.getRed() + 0.3);
    }

    @Test
    void keysAcceptAndRejectIntoStore(FxRobot robot) throws Exception {
        waitFor(() -> fx(() -> viewModel.categories().rows().size()) == 12);
        int first = fx(() -> firstDecidable(0));
        CategoryRow accepted = fx(() -> viewModel.categories().rows().get(first));
        press(robot, KeyCode.DOWN, first);

        robot.push(KeyCode.A);
        int second = fx(() -> viewModel.categories().selectedIndexProperty().get());
        CategoryRow rejected = fx(() -> viewModel.categories().rows().get(second));
        robot.push(KeyCode.R);

        waitFor(() -> label(1, accepted).isPresent() && label(1, rejected).isPresent());
        assertThat(label(1, accepted).get().source()).isEqualTo(LabelSource.ACCEPTED_SUGGESTION);
        assertThat(label(1, accepted).get().state()).isEqualTo(accepted.suggestion().proposedState().cellState());
        assertThat(label(1, rejected).get().source()).isEqualTo(LabelSource.REJECTED_SUGGESTION);

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        waitFor(() -> label(1, rejected).isEmpty());
        assertThat(label(1, accepted)).isPresent();
    }

    @Test
    void arrowKeysStepThroughImages(FxRobot robot) throws Exception {
        waitFor(() -> window.controller().zoomView().getImage() != null);

        robot.push(KeyCode.RIGHT);
        robot.push(KeyCode.RIGHT);

        waitFor(() -> fx(() -> viewModel.image().imageIdProperty().get()) == 3L);
        waitFor(() -> fx(() -> viewModel.categories().imageId()) == 3L);
        assertThat(fx(() -> viewModel.browser().selectedIndexProperty().get())).isEqualTo(2);
    }

    @Test
    void reviewGridAcceptsPageIntoStore(FxRobot robot) throws Exception {
        waitFor(() -> fx(() -> viewModel.categories().rows().size()) == 12);
        robot.push(KeyCode.G);
        waitFor(() -> robot.lookup(".review-tile").queryAll().size() > 1);
        Stage gridStage = fx(() -> window.controller().lastReviewGrid().stage());
        waitFor(() -> fx(() -> window.controller().lastReviewGrid().viewModel().tiles().size()) > 1);
        List<ReviewTile> page = fx(() -> new ArrayList<>(window.controller().lastReviewGrid().viewModel().tiles()));

        Node second = robot.lookup(".review-tile").nth(1).query();
        robot.clickOn(second);
        robot.interact(gridStage::requestFocus);
        robot.push(KeyCode.ENTER);

        ReviewTile outlier = page.get(1);
        waitFor(() -> page.stream().allMatch(tile -> label(tile.suggestion().imageId(),
                tile.suggestion().categoryId()).isPresent()));
        for (ReviewTile tile : page) {
            Label stored = label(tile.suggestion().imageId(), tile.suggestion().categoryId()).orElseThrow();
            LabelSource expected = tile == outlier ? LabelSource.REJECTED_SUGGESTION : LabelSource.ACCEPTED_SUGGESTION;
            assertThat(stored.source()).as("image %d", tile.suggestion().imageId()).isEqualTo(expected);
        }
        robot.interact(gridStage::close);
    }

    @Test
    void exportRunsInBackgroundAndWritesFile(FxRobot robot) throws Exception {
        waitFor(() -> fx(() -> viewModel.project()) != null);
        List<TaskItem.State> states = new ArrayList<>();
        robot.interact(() -> viewModel.tasks().tasks().addListener(
                (javafx.collections.ListChangeListener<TaskItem>) change -> {
                    while (change.next()) {
                        for (TaskItem task : change.getAddedSubList()) {
                            states.add(task.state());
                            task.stateProperty().addListener((observable, before, after) -> states.add(after));
                        }
                    }
                }));
        Dialog<ButtonType> dialog = fx(() -> ExportDialog.show(stage, viewModel));

        Node ok = fx(() -> FormDialogs.okButton(dialog));
        robot.clickOn(ok);

        Path file = projectFolder.resolve("exports/labels.csv");
        waitFor(() -> states.contains(TaskItem.State.SUCCEEDED));
        assertThat(states).containsSubsequence(TaskItem.State.QUEUED, TaskItem.State.RUNNING,
                TaskItem.State.SUCCEEDED);
        assertThat(file).isRegularFile();
        assertThat(Files.readAllLines(file)).hasSize(61);
        waitFor(() -> robot.lookup(".task-row").tryQuery().isPresent());
    }

    @Test
    void fineTuneRoundChangesModelVersion(FxRobot robot) throws Exception {
        waitFor(() -> fx(() -> viewModel.categories().rows().size()) == 12);
        long before = ModelVersions.findLatest(fx(() -> viewModel.project())).orElseThrow().id();
        robot.push(KeyCode.RIGHT);
        waitFor(() -> fx(() -> viewModel.categories().imageId()) == 2L);

        robot.push(KeyCode.CONTROL, KeyCode.T);

        // A round loads the backbone, trains, evaluates and suggests: seconds, longer on a busy machine.
        WaitForAsyncUtils.waitFor(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> {
            ModelVersion shown = fx(() -> viewModel.latestVersionProperty().get());
            return shown != null && shown.id() > before;
        });
        ModelVersion latest = ModelVersions.findLatest(fx(() -> viewModel.project())).orElseThrow();
        assertThat(fx(() -> viewModel.latestVersionProperty().get().id())).isEqualTo(latest.id());
        assertThat(latest.parentId()).isEqualTo(before);
        assertThat(fx(() -> viewModel.modelVersionProperty().get())).contains(String.valueOf(latest.id()));
        assertThat(fx(() -> viewModel.categories().imageId())).as("review stays on its image").isEqualTo(2L);
        waitFor(() -> fx(() -> viewModel.categories().rows().stream()
                .anyMatch(row -> row.suggestion() != null && row.suggestion().modelVersionId() == latest.id())));
    }

    @Test
    void helpOverlayListsKeys(FxRobot robot) throws Exception {
        waitFor(() -> fx(() -> viewModel.project()) != null);

        robot.push(KeyCode.F1);

        assertThat(fx(() -> window.controller().help().isVisible())).isTrue();
        Optional<Node> accept = robot.lookup((Node node) -> node instanceof javafx.scene.control.Label text
                && "Accept the suggestion".equals(text.getText())).tryQuery();
        assertThat(accept).isPresent();

        robot.push(KeyCode.ESCAPE);
        assertThat(fx(() -> window.controller().help().isVisible())).isFalse();
    }

    private int firstDecidable(int from) {
        for (int i = from; i < viewModel.categories().rows().size(); i++) {
            if (viewModel.categories().rows().get(i).hasDecidableSuggestion()) {
                return i;
            }
        }
        throw new AssertionError("the first image has no pending suggestion");
    }

    private static void press(FxRobot robot, KeyCode key, int times) {
        for (int i = 0; i < times; i++) {
            robot.push(key);
        }
    }

    private Optional<Label> label(long imageId, CategoryRow row) {
        return label(imageId, row.category().id());
    }

    private Optional<Label> label(long imageId, long categoryId) {
        return viewModel.project().database().read(connection -> new LabelRepository(connection)
                .findLabel(imageId, categoryId));
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, condition);
    }
}
