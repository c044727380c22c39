package org.regiontag.app.gui.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.gui.AppContext;
import org.regiontag.app.gui.TestProjects;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.app.gui.UserFolders;
import org.regiontag.app.gui.categories.CategoryRow;
import org.regiontag.app.gui.keys.Action;
import org.regiontag.app.gui.project.ExportDialogViewModel;
import org.regiontag.app.gui.project.ImportDialogViewModel;
import org.regiontag.app.gui.settings.Settings;
import org.regiontag.app.gui.tasks.TaskItem;
import org.regiontag.app.services.DefaultEngineJobs;
import org.regiontag.db.Project;
import org.regiontag.db.backup.BackupService;
import org.regiontag.db.io.export.ExportFormat;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.LabelSource;
import org.regiontag.engine.models.EmbeddedModel;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ProjectSettings;

/** The main window's view model on real projects, without a window; every executor runs at once. */
class MainViewModelTest {

    @TempDir
    Path temp;

    private Path projectFolder;
    private MainViewModel viewModel;

    @BeforeEach
    void createProject() {
        try (Project project = TestProjects.demoProject(temp, 8, 40)) {
            long version = TestProjects.insertModelVersion(project, null, "clip-vit-base-patch16", null);
            TestProjects.suggestFromGroundTruth(project, version);
            projectFolder = project.folder();
        }
        viewModel = new MainViewModel(context(choice -> "Device: test"));
    }

    @AfterEach
    void close() {
        viewModel.closeProject();
    }

    private AppContext context(java.util.function.Function<String, String> device) {
        return new AppContext(UiExecutors.sameThread(), UserFolders.under(temp.resolve("user")),
                new DefaultEngineJobs(), device, "alice");
    }

    @Test
    void openShowsFirstImage() {
        viewModel.open(projectFolder);

        assertThat(viewModel.project()).isNotNull();
        assertThat(viewModel.titleProperty().get()).startsWith("test project");
        assertThat(viewModel.browser().imageCountProperty().get()).isEqualTo(8);
        assertThat(viewModel.categories().rows()).hasSize(12);
        assertThat(viewModel.categories().imageId()).isEqualTo(1);
        assertThat(viewModel.image().imageIdProperty().get()).isEqualTo(1);
        assertThat(viewModel.image().imageProperty().get()).isNotNull();
        assertThat(viewModel.recentProjects()).containsExactly(projectFolder);
        assertThat(viewModel.modelVersionProperty().get()).isEqualTo("Model v1 (clip-vit-base-patch16)");
        assertThat(viewModel.completenessProperty().get()).contains("% known", "of 96 cells", "suggestions pending");
        assertThat(viewModel.notices()).isEmpty();
    }

    @Test
    void firstRunOffersDemoUntilProjectOpened() {
        assertThat(viewModel.isFirstRun()).isTrue();

        viewModel.open(projectFolder);
        viewModel.closeProject();

        assertThat(viewModel.isFirstRun()).as("a recent project exists").isFalse();
        assertThat(new MainViewModel(context(choice -> "Device: test")).isFirstRun()).as("next start").isFalse();
    }

    @Test
    void openAndCloseKeepAutomaticBackups() throws Exception {
        viewModel.open(projectFolder);
        List<Path> afterOpen = new BackupService().automaticBackups(projectFolder);
        int first = firstDecidable();
        moveToCategory(first);
        viewModel.perform(Action.ACCEPT);
        viewModel.closeProject();

        List<Path> afterClose = new BackupService().automaticBackups(projectFolder);

        assertThat(afterOpen).as("backup taken on opening").hasSize(1);
        assertThat(afterClose).as("a new backup after a change, taken on closing").hasSize(2);
    }

    @Test
    void openStoreFileOpensItsFolder() {
        viewModel.open(projectFolder.resolve(Project.STORE_FILE));

        assertThat(viewModel.project().folder()).isEqualTo(projectFolder);
    }

    @Test
    void openOtherFolderShowsSentence() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));

        viewModel.open(empty);

        assertThat(viewModel.project()).isNull();
        assertThat(viewModel.notices()).hasSize(1);
        assertThat(viewModel.notices().get(0).kind()).isEqualTo(Notice.Kind.ERROR);
        assertThat(viewModel.notices().get(0).text()).contains(empty.toString());
    }

    @Test
    void keysAcceptRejectAndUndo() {
        viewModel.open(projectFolder);
        int first = firstDecidable();
        moveToCategory(first);
        CategoryRow accepted = viewModel.categories().rows().get(first);

        viewModel.perform(Action.ACCEPT);
        int second = viewModel.categories().selectedIndexProperty().get();
        CategoryRow rejected = viewModel.categories().rows().get(second);
        viewModel.perform(Action.REJECT);

        assertThat(label(accepted).map(Label::source)).contains(LabelSource.ACCEPTED_SUGGESTION);
        assertThat(label(rejected).map(Label::source)).contains(LabelSource.REJECTED_SUGGESTION);

        viewModel.perform(Action.UNDO);
        assertThat(label(rejected)).isEmpty();
        assertThat(label(accepted)).isPresent();
        assertThat(viewModel.notices().get(viewModel.notices().size() - 1).text()).startsWith("undo");

        viewModel.perform(Action.REDO);
        assertThat(label(rejected).map(Label::source)).contains(LabelSource.REJECTED_SUGGESTION);
    }

    @Test
    void keysMoveBetweenImages() {
        viewModel.open(projectFolder);

        viewModel.perform(Action.NEXT_IMAGE);
        viewModel.perform(Action.NEXT_IMAGE);
        viewModel.perform(Action.PREVIOUS_IMAGE);

        assertThat(viewModel.browser().selectedImageIdProperty().get()).isEqualTo(2);
        assertThat(viewModel.categories().imageId()).isEqualTo(2);
    }

    @Test
    void undoWithNothingSaysSo() {
        viewModel.open(projectFolder);

        viewModel.perform(Action.UNDO);

        assertThat(viewModel.notices()).extracting(Notice::text).containsExactly("Nothing to undo.");
    }

    @Test
    void importCreatesAndOpensProject() {
        Path scenes = temp.resolve("scenes");
        ImportDialogViewModel dialog = new ImportDialogViewModel(null);
        dialog.projectFolderProperty().set(temp.resolve("second").toString());
        dialog.projectNameProperty().set("Second");
        dialog.formatProperty().set("csv");
        dialog.sourceProperty().set(scenes.resolve("train.csv").toString());
        dialog.imagesProperty().set(scenes.toString());
        dialog.simulateProperty().set(true);
        dialog.keepProportionProperty().set(0.25);
        dialog.seedProperty().set("3");

        TaskItem task = viewModel.submitImport(dialog);

        assertThat(task.state()).isEqualTo(TaskItem.State.SUCCEEDED);
        assertThat(task.message()).startsWith("8 images added");
        assertThat(viewModel.project().name()).isEqualTo("Second");
        assertThat(viewModel.browser().imageCountProperty().get()).isEqualTo(8);
        long known = viewModel.project().database().read(connection -> {
            try (var count = connection.createStatement().executeQuery("SELECT count(*) FROM label")) {
                count.next();
                return count.getLong(1);
            }
        });
        assertThat(known).isBetween(8L, 40L);
    }

    @Test
    void failedImportLeavesNoProject() {
        ImportDialogViewModel dialog = new ImportDialogViewModel(null);
        Path folder = temp.resolve("third");
        dialog.projectFolderProperty().set(folder.toString());
        dialog.formatProperty().set("csv");
        dialog.sourceProperty().set(Files.exists(temp.resolve("none.csv")) ? "" : temp.resolve("none.csv").toString());

        TaskItem task = viewModel.submitImport(dialog);

        assertThat(task.state()).isEqualTo(TaskItem.State.FAILED);
        assertThat(viewModel.notices()).extracting(Notice::kind).containsExactly(Notice.Kind.ERROR);
        assertThat(viewModel.notices().get(0).text()).contains("none.csv");
        assertThat(folder).doesNotExist();
    }

    @Test
    void exportWritesFile() throws Exception {
        viewModel.open(projectFolder);
        ExportDialogViewModel dialog = new ExportDialogViewModel(viewModel.project());
        dialog.formatProperty().set(ExportFormat.CSV_LONG);
        dialog.provenanceProperty().set(true);

        TaskItem task = viewModel.submitExport(dialog);

        Path file = projectFolder.resolve("exports/labels-long.csv");
        assertThat(task.state()).isEqualTo(TaskItem.State.SUCCEEDED);
        assertThat(task.message()).startsWith("Exported 8 images, 12 categories").endsWith(file + ".");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).startsWith("image,category,state");
        assertThat(lines).anyMatch(line -> line.contains("imported"));
    }

    @Test
    void movedDatasetOffersRelink() throws Exception {
        Path moved = temp.resolve("moved");
        Files.move(temp.resolve("scenes"), moved);

        viewModel.open(projectFolder);

        assertThat(viewModel.notices()).hasSize(1);
        Notice offer = viewModel.notices().get(0);
        assertThat(offer.kind()).isEqualTo(Notice.Kind.WARNING);
        assertThat(offer.text()).contains(temp.resolve("scenes").toString());
        offer.action().run();
        var root = viewModel.relinkRequestedProperty().get();
        assertThat(root.path()).isEqualTo(temp.resolve("scenes"));

        TaskItem task = viewModel.relink(root.path(), moved);

        assertThat(task.state()).isEqualTo(TaskItem.State.SUCCEEDED);
        assertThat(task.message()).startsWith("8 of 8 images found");
        assertThat(viewModel.browser().fileOf(viewModel.browser().summaryAt(0))).startsWith(moved);
        assertThat(viewModel.image().imageProperty().get()).isNotNull();
    }

    @Test
    void fineTuneWithMissingModelSaysWhy() {
        Path missing = temp.resolve("no-such-model");
        try (Project project = Project.open(projectFolder)) {
            ProjectSettings.write(project.database(), BackboneSettings.defaults().withModel(missing.toString()));
        }
        viewModel.open(projectFolder);

        viewModel.perform(Action.FINE_TUNE);

        assertThat(viewModel.tasks().tasks()).hasSize(1);
        assertThat(viewModel.tasks().tasks().get(0).state()).isEqualTo(TaskItem.State.FAILED);
        assertThat(viewModel.notices()).hasSize(1);
        assertThat(viewModel.notices().get(0).kind()).isEqualTo(Notice.Kind.ERROR);
        assertThat(viewModel.notices().get(0).text()).contains(missing.toString());
    }

    @Test
    void demoBannerOnlyOnPhotographs() throws Exception {
        try (Project project = Project.open(projectFolder)) {
            ProjectSettings.write(project.database(), BackboneSettings.defaults().withModel(EmbeddedModel.NAME));
        }
        viewModel.open(projectFolder);
        assertThat(viewModel.demoModelOnPhotographsProperty().get()).as("demo scenes").isFalse();

        Files.delete(temp.resolve("scenes/scenes.csv"));
        viewModel.open(projectFolder);

        assertThat(viewModel.demoModelOnPhotographsProperty().get()).as("photographs").isTrue();
    }

    @Test
    void noDemoBannerWithRealModel() throws Exception {
        try (Project project = Project.open(projectFolder)) {
            ProjectSettings.write(project.database(), BackboneSettings.defaults().withModel("clip-vit-base-patch16"));
        }
        Files.delete(temp.resolve("scenes/scenes.csv"));

        viewModel.open(projectFolder);

        assertThat(viewModel.demoModelOnPhotographsProperty().get()).isFalse();
    }

    @Test
    void settingsAreSavedAndReadBack() {
        Settings changed = new Settings(0.95, 96, "cpu", "clip-vit-base-patch16");

        viewModel.applySettings(changed);
        MainViewModel again = new MainViewModel(context(choice -> "Device: test"));

        assertThat(again.settings()).isEqualTo(changed);
    }

    @Test
    void statusShowsEngineDevice() {
        MainViewModel real = new MainViewModel(context(MainViewModel::describeDevice));

        real.probeDevice();

        assertThat(real.deviceProperty().get()).isIn("Device: CPU", "Device: GPU (1 visible, CUDA "
                + Optional.ofNullable(System.getenv("CUDA_VERSION")).orElse("") + ")")
                .startsWith("Device: ");
    }

    private int firstDecidable() {
        for (int i = 0; i < viewModel.categories().rows().size(); i++) {
            if (viewModel.categories().rows().get(i).hasDecidableSuggestion()) {
                return i;
            }
        }
        throw new AssertionError("the first image has no pending suggestion");
    }

    private void moveToCategory(int index) {
        while (viewModel.categories().selectedIndexProperty().get() < index) {
            viewModel.perform(Action.NEXT_CATEGORY);
        }
    }

    private Optional<Label> label(CategoryRow row) {
        long imageId = viewModel.categories().imageId();
        return viewModel.project().database().read(connection ->
                new LabelRepository(connection).findLabel(imageId, row.category().id()));
    }
}
