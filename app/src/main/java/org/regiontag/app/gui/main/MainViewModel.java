package org.regiontag.app.gui.main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.regiontag.app.gui.AppContext;
import org.regiontag.app.gui.BackboneNames;
import org.regiontag.app.gui.ErrorMessages;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.Notifier;
import org.regiontag.app.gui.RecentProjects;
import org.regiontag.app.gui.browser.BrowserViewModel;
import org.regiontag.app.gui.categories.CategoryPanelViewModel;
import org.regiontag.app.gui.image.ImageViewModel;
import org.regiontag.app.gui.keys.Action;
import org.regiontag.app.gui.keys.KeymapViewModel;
import org.regiontag.app.gui.project.ExportDialogViewModel;
import org.regiontag.app.gui.project.ImportDialogViewModel;
import org.regiontag.app.gui.project.ImportOutcome;
import org.regiontag.app.gui.settings.Settings;
import org.regiontag.app.gui.settings.SettingsStore;
import org.regiontag.app.gui.tasks.TaskItem;
import org.regiontag.app.gui.tasks.TaskPanelViewModel;
import org.regiontag.app.services.HeatmapSource;
import org.regiontag.db.Project;
import org.regiontag.db.backup.BackupService;
import org.regiontag.db.edit.EditResult;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.RootRelinker;
import org.regiontag.db.repo.BrowseRepository;
import org.regiontag.db.repo.Completeness;
import org.regiontag.db.repo.DatasetRoot;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageFilter;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.ImageSummary;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.db.repo.ModelVersionRepository;
import org.regiontag.engine.Djl;
import org.regiontag.engine.EngineDiagnostics;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.models.EmbeddedModel;
import org.regiontag.engine.project.ProjectSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window's view model. It wires the browser, image view and category panel together for
 * the open project, performs the keyboard's actions, and feeds the notice bar, the task panel and
 * the status bar. It also runs the project's life: open, create from a dataset, import, export,
 * relink and fine-tune.
 */
public final class MainViewModel implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);
    /** Notices shown at once; older ones are dropped, so the bar never covers the work. */
    static final int MAX_NOTICES = 3;
    /** Images whose files are checked when a project opens, to tell a moved dataset from a few missing files. */
    private static final int RELINK_SAMPLE = 20;
    /** The file only a demo dataset has, which distinguishes demo scenes from photographs. */
    static final String DEMO_MARKER = "scenes.csv";

    private final AppContext context;
    private final SettingsStore settingsStore;
    private final RecentProjects recentProjects;

    private final BrowserViewModel browser;
    private final ImageViewModel image;
    private final CategoryPanelViewModel categories;
    private final TaskPanelViewModel tasks;
    private final KeymapViewModel keys;

    private final ObjectProperty<Project> project = new SimpleObjectProperty<>(this, "project");
    private final ObjectProperty<Settings> settings = new SimpleObjectProperty<>(this, "settings");
    private final StringProperty title = new SimpleStringProperty(this, "title", GuiText.text("app.title"));
    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final StringProperty device = new SimpleStringProperty(this, "device", GuiText.text("status.deviceUnknown"));
    private final StringProperty modelVersion = new SimpleStringProperty(this, "modelVersion", "");
    private final StringProperty completeness = new SimpleStringProperty(this, "completeness", "");
    private final ObjectProperty<ModelVersion> latestVersion = new SimpleObjectProperty<>(this, "latestVersion");
    /** The open project's backbone model from its settings, read with the status; null until then. */
    private String projectModel;
    /** The open project's heatmaps, shared by the image view and "why this suggestion"; null without a project. */
    private HeatmapSource heatmaps;
    private final BooleanProperty demoModelOnPhotographs = new SimpleBooleanProperty(this, "demoModelOnPhotographs");
    private final BooleanProperty opening = new SimpleBooleanProperty(this, "opening");
    private final javafx.beans.property.LongProperty historyRevision =
            new javafx.beans.property.SimpleLongProperty(this, "historyRevision");

    private final ObjectProperty<DatasetRoot> relinkRequested = new SimpleObjectProperty<>(this, "relinkRequested");

    /** Whether a dataset root of the open project lacks the demo's marker file. */
    private boolean projectHasPhotographs;
    private boolean completenessQueued;
    private boolean completenessRunning;

    public MainViewModel(AppContext context) {
        this.context = context;
        this.settingsStore = context.settingsStore();
        this.recentProjects = context.recentProjects();
        this.settings.set(settingsStore.load());
        this.recent.setAll(recentProjects.list());
        this.tasks = new TaskPanelViewModel(context.executors());
        this.keys = new KeymapViewModel(context.keymapStore());
        this.browser = new BrowserViewModel(context.executors(), this::error);
        this.image = new ImageViewModel(context.executors());
        this.categories = new CategoryPanelViewModel(context.executors(), context.actor(), this, this::labelsChanged);

        browser.selectedImageIdProperty().addListener((observable, before, after) -> showSelectedImage());
        browser.summariesRevisionProperty().addListener((observable, before, after) -> showSelectedIfWaiting());
        categories.selectedCategoryProperty().addListener((observable, before, after) ->
                image.heatmapCategoryProperty().set(after));
    }

    public BrowserViewModel browser() {
        return browser;
    }

    public ImageViewModel image() {
        return image;
    }

    public CategoryPanelViewModel categories() {
        return categories;
    }

    public TaskPanelViewModel tasks() {
        return tasks;
    }

    public KeymapViewModel keys() {
        return keys;
    }

    public AppContext context() {
        return context;
    }

    /** The open project, or {@code null}. */
    public ReadOnlyObjectProperty<Project> projectProperty() {
        return project;
    }

    public Project project() {
        return project.get();
    }

    public ReadOnlyObjectProperty<Settings> settingsProperty() {
        return settings;
    }

    public Settings settings() {
        return settings.get();
    }

    /** The window title: the product, and the open project's name. */
    public ReadOnlyStringProperty titleProperty() {
        return title;
    }

    /** The notice bar's sentences, oldest first. */
    public ObservableList<Notice> notices() {
        return notices;
    }

    /** Recently opened project folders, newest first. */
    public ObservableList<Path> recentProjects() {
        return recent;
    }

    /** Where the engine computes, for the status bar. */
    public ReadOnlyStringProperty deviceProperty() {
        return device;
    }

    /** The newest model version, for the status bar. */
    public ReadOnlyStringProperty modelVersionProperty() {
        return modelVersion;
    }

    /** The newest model version itself, or {@code null}. */
    public ReadOnlyObjectProperty<ModelVersion> latestVersionProperty() {
        return latestVersion;
    }

    /** How complete the labels are, for the status bar. */
    public ReadOnlyStringProperty completenessProperty() {
        return completeness;
    }

    /** Returns the open project's heatmaps, or {@code null} when no project is open. */
    public HeatmapSource heatmaps() {
        return heatmaps;
    }

    /** Whether the demo model is in use on a project of photographs, which the banner warns about. */
    public ReadOnlyBooleanProperty demoModelOnPhotographsProperty() {
        return demoModelOnPhotographs;
    }

    /** Increases after every undo and redo, so that other windows read their labels again. */
    public javafx.beans.property.ReadOnlyLongProperty historyRevisionProperty() {
        return historyRevision;
    }

    /** Whether a project is being opened. */
    public ReadOnlyBooleanProperty openingProperty() {
        return opening;
    }

    /** Whether nothing is open and nothing was opened before: the start page offers the demo first. */
    public boolean isFirstRun() {
        return project.get() == null && recent.isEmpty();
    }

    @Override
    public void info(String sentence) {
        addNotice(Notice.info(sentence));
    }

    @Override
    public void error(String sentence) {
        addNotice(Notice.error(sentence));
    }

    /** Shows a notice with a button. */
    public void addNotice(Notice notice) {
        notices.add(notice);
        while (notices.size() > MAX_NOTICES) {
            notices.remove(0);
        }
    }

    public void dismiss(Notice notice) {
        notices.remove(notice);
    }

    /** Reads where the engine computes, off the FX thread, and shows it in the status bar. */
    public void probeDevice() {
        String choice = settings.get().device();
        context.executors().reads().execute(() -> {
            String description;
            try {
                description = context.deviceDescription().apply(choice);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("The engine did not start", e);
                description = GuiText.text("status.deviceFailed", ErrorMessages.describe(e));
            }
            String shown = description;
            context.executors().ui().execute(() -> device.set(shown));
        });
    }

    /** Describes the device of the PyTorch engine for a device setting, starting the engine if needed. */
    public static String describeDevice(String choice) {
        EngineDiagnostics.EngineStatus status = EngineDiagnostics.engineStatus();
        boolean gpu = Djl.device(choice).isGpu();
        return gpu ? GuiText.text("status.deviceGpu", status.gpuCount(), String.valueOf(status.cudaVersion()))
                : GuiText.text("status.deviceCpu");
    }

    /**
     * Opens a project folder, or the folder of a {@code project.sqlite} file, off the FX thread. The
     * open project is closed first; a failure is shown as a notice and leaves nothing open.
     */
    public void open(Path folderOrStore) {
        Path folder = folderOrStore.getFileName() != null
                && folderOrStore.getFileName().toString().equals(Project.STORE_FILE)
                ? folderOrStore.toAbsolutePath().getParent() : folderOrStore;
        opening.set(true);
        closeProject();
        context.executors().reads().execute(() -> {
            try {
                Project opened = Project.open(folder);
                context.executors().ui().execute(() -> {
                    opening.set(false);
                    setProject(opened);
                });
            } catch (RuntimeException e) {
                logFailure("Opening " + folder, e);
                String sentence = ErrorMessages.describe(e);
                context.executors().ui().execute(() -> {
                    opening.set(false);
                    error(sentence);
                });
            }
        });
    }

    /** Closes the open project; label writes already made still reach the store first. */
    public void closeProject() {
        Project current = project.get();
        if (current == null) {
            return;
        }
        setProjectState(null);
        // The writes executor runs in order, so every decision queued before this line is written first.
        context.executors().writes().execute(() -> {
            backUpAutomatically(current);
            current.close();
        });
    }

    /**
     * Takes an automatic backup into the project's backups folder, which keeps the newest few
     * (BackupService's policy). A failed backup is logged, so it never stops opening or closing.
     */
    private static void backUpAutomatically(Project current) {
        try {
            new BackupService().backUpAutomatically(current)
                    .ifPresent(backup -> LOG.info("Backed up {} to {}", current.folder(), backup.file()));
        } catch (RuntimeException e) {
            LOG.warn("Automatic backup of {} failed: {}", current.folder(), e.toString());
        }
    }

    /** Performs a keyboard action; returns whether it is one of this view model's (the rest are the view's). */
    public boolean perform(Action action) {
        switch (action) {
            case NEXT_IMAGE -> browser.selectNext();
            case PREVIOUS_IMAGE -> browser.selectPrevious();
            case NEXT_CATEGORY -> categories.selectNext();
            case PREVIOUS_CATEGORY -> categories.selectPrevious();
            case ACCEPT -> categories.acceptSelected();
            case REJECT -> categories.rejectSelected();
            case MARK_POSITIVE -> categories.markSelected(CellState.POSITIVE);
            case MARK_NEGATIVE -> categories.markSelected(CellState.NEGATIVE);
            case MARK_UNKNOWN -> categories.markSelected(null);
            case ACCEPT_CONFIDENT -> categories.acceptConfident(settings.get().confidentThreshold());
            case UNDO -> undo();
            case REDO -> redo();
            case TOGGLE_HEATMAP -> image.heatmapVisibleProperty().set(!image.heatmapVisibleProperty().get());
            case SWITCH_MAP_KIND -> image.switchMapKind();
            case FINE_TUNE -> fineTuneNow();
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Undoes the newest edit still applied, after every decision already made is written. */
    public void undo() {
        undoOrRedo(true);
    }

    /** Re-applies the edit undone last. */
    public void redo() {
        undoOrRedo(false);
    }

    /** Saves new settings and applies them. */
    public void applySettings(Settings newSettings) {
        Settings previous = settings.get();
        settings.set(newSettings);
        try {
            settingsStore.save(newSettings);
        } catch (IOException e) {
            LOG.warn("Cannot save the settings to {}", settingsStore.file(), e);
            error(GuiText.text("settings.saveFailed", settingsStore.file(), e.getMessage()));
        }
        if (!previous.device().equals(newSettings.device())) {
            probeDevice();
            Project current = project.get();
            if (current != null) {
                useHeatmapsOf(current);
                image.setProject(current, heatmaps);
                showSelectedImage();
            }
        }
        updateDemoBanner();
    }

    /** Starts a fine-tuning round in the background; review goes on meanwhile. */
    public void fineTuneNow() {
        Project current = project.get();
        if (current == null) {
            info(GuiText.text("project.noneOpen"));
            return;
        }
        Optional<Job<String>> job = context.engineJobs().fineTune(current, settings.get().device());
        if (job.isEmpty()) {
            info(GuiText.text("fineTune.unavailable"));
            return;
        }
        tasks.submit(GuiText.text("fineTune.title"), job.get(), outcome -> outcome,
                outcome -> modelChanged(current), this::error);
    }

    /** Computes the suggestions again on the labels as they are now; review goes on meanwhile. */
    public void refreshSuggestions() {
        Project current = project.get();
        if (current == null) {
            info(GuiText.text("project.noneOpen"));
            return;
        }
        submitModelJob(current, context.engineJobs().suggest(current, settings.get().device()), "suggest");
    }

    /** Evaluates the newest model version against the complete labels and stores its metrics. */
    public void evaluate() {
        Project current = project.get();
        if (current == null) {
            info(GuiText.text("project.noneOpen"));
            return;
        }
        submitModelJob(current, context.engineJobs().evaluate(current, settings.get().device()), "evaluate");
    }

    /** Runs a job that changes the model's output, with its title and unavailability text under {@code key}. */
    private void submitModelJob(Project current, Optional<Job<String>> job, String key) {
        if (job.isEmpty()) {
            info(GuiText.text(key + ".unavailable"));
            return;
        }
        tasks.submit(GuiText.text(key + ".title"), job.get(), outcome -> outcome, outcome -> modelChanged(current),
                this::error);
    }

    /** Starts feature extraction with the model of the settings. */
    public void extractFeatures() {
        Project current = project.get();
        if (current == null) {
            info(GuiText.text("project.noneOpen"));
            return;
        }
        Optional<Job<String>> job = context.engineJobs().extractFeatures(current, settings.get().model(),
                settings.get().device());
        if (job.isEmpty()) {
            info(GuiText.text("extract.unavailable"));
            return;
        }
        tasks.submit(GuiText.text("extract.title"), job.get(), outcome -> outcome,
                outcome -> modelChanged(current), this::error);
    }

    /** Creates the demo project in {@code folder} and opens it. */
    public void openDemo(Path folder) {
        Optional<Job<Path>> job = context.engineJobs().createDemoProject(folder, context.actor(),
                settings.get().device());
        if (job.isEmpty()) {
            info(GuiText.text("demo.unavailable"));
            return;
        }
        tasks.submit(GuiText.text("demo.title"), job.get(), created -> GuiText.text("demo.outcome", created),
                this::open, this::error);
    }

    /** Runs an import from the dialog; a new project is opened when it is done. */
    public TaskItem submitImport(ImportDialogViewModel dialog) {
        Project into = project.get();
        return tasks.submit(dialog.title(), dialog.createJob(context.actor()), ImportDialogViewModel::outcome,
                outcome -> imported(outcome, into), this::error);
    }

    /** Runs an export from the dialog. */
    public TaskItem submitExport(ExportDialogViewModel dialog) {
        return tasks.submit(GuiText.text("export.title"), dialog.createJob(), ExportDialogViewModel::outcome,
                summary -> info(ExportDialogViewModel.outcome(summary)), this::error);
    }

    /** Points a dataset root at the folder its images moved to, then shows them again. */
    public TaskItem relink(Path oldRoot, Path newRoot) {
        Project current = project.get();
        Job<RootRelinker.Result> job = (listener, token) -> new RootRelinker(current.database()).relink(oldRoot, newRoot);
        return tasks.submit(GuiText.text("relink.title"), job,
                result -> GuiText.text("relink.outcome", result.found(), result.images(), result.missing(),
                        result.damaged()),
                result -> {
                    notices.removeIf(notice -> notice.kind() == Notice.Kind.WARNING);
                    browser.reloadRoots();
                    image.setProject(current, heatmaps);
                    showSelectedImage();
                }, this::error);
    }

    /** Reads the dataset roots of the open project and hands them to {@code onRoots} on the {@code ui} executor. */
    public void listRoots(java.util.function.Consumer<List<DatasetRoot>> onRoots) {
        Project current = project.get();
        if (current == null) {
            info(GuiText.text("project.noneOpen"));
            return;
        }
        context.executors().reads().execute(() -> {
            try {
                List<DatasetRoot> roots = current.database().read(connection ->
                        new DatasetRootRepository(connection).findAllRoots());
                context.executors().ui().execute(() -> onRoots.accept(roots));
            } catch (RuntimeException e) {
                logFailure("Reading the dataset roots", e);
                String sentence = ErrorMessages.describe(e);
                context.executors().ui().execute(() -> error(sentence));
            }
        });
    }

    /** Reads the model version and completeness again (after a job changed them). */
    public void refreshStatus() {
        Project current = project.get();
        if (current == null) {
            return;
        }
        refreshCompleteness();
        context.executors().reads().execute(() -> {
            try {
                Optional<ModelVersion> latest = current.database().read(connection ->
                        new ModelVersionRepository(connection).findLatestModelVersion());
                String backboneModel = ProjectSettings.read(current.database()).model();
                context.executors().ui().execute(() -> {
                    if (project.get() == current) {
                        projectModel = backboneModel;
                        latestVersion.set(latest.orElse(null));
                        modelVersion.set(latest.map(version -> GuiText.text("status.modelVersion", version.id(),
                                BackboneNames.shortName(version.backbone()))).orElse(GuiText.text("status.noModelVersion")));
                        updateDemoBanner();
                    }
                });
            } catch (RuntimeException e) {
                logFailure("Reading the model version", e);
            }
        });
    }

    private void setProject(Project opened) {
        LOG.info("Opened project {}", opened.folder());
        context.executors().writes().execute(() -> backUpAutomatically(opened));
        setProjectState(opened);
        recent.setAll(recentProjects.add(opened.folder()));
        refreshStatus();
        checkForMovedRoots(opened);
    }

    private void setProjectState(Project newProject) {
        project.set(newProject);
        title.set(newProject == null ? GuiText.text("app.title")
                : GuiText.text("app.titleWithProject", newProject.name(), newProject.folder()));
        useHeatmapsOf(newProject);
        // The browser goes last: selecting its first image loads that image into the other two.
        image.setProject(newProject, heatmaps);
        categories.setProject(newProject);
        browser.setProject(newProject);
        notices.clear();
        latestVersion.set(null);
        modelVersion.set("");
        completeness.set("");
        projectModel = null;
        demoModelOnPhotographs.set(false);
    }

    /** Replaces the heatmap source by one for {@code newProject} (none for {@code null}) and closes the old one. */
    private void useHeatmapsOf(Project newProject) {
        HeatmapSource previous = heatmaps;
        if (previous != null) {
            // A map being computed on a read thread finishes first, because the source's calls are serialised.
            context.executors().writes().execute(previous::close);
        }
        heatmaps = newProject == null ? null : context.engineJobs().heatmaps(newProject, settings.get().device());
    }

    private void showSelectedImage() {
        long id = browser.selectedImageIdProperty().get();
        if (id < 0) {
            image.clear();
            categories.clear();
            return;
        }
        int index = browser.selectedIndexProperty().get();
        ImageSummary summary = browser.summaryAt(index);
        if (summary == null) {
            // The page is being read; showSelectedIfWaiting shows the image when it arrives.
            categories.load(id, "");
            image.clear();
            return;
        }
        image.show(id, browser.fileOf(summary));
        categories.load(id, summary.path());
        prefetchNeighbours(index);
    }

    /** Shows the selected image once its summary arrives, if it was not there when it was selected. */
    private void showSelectedIfWaiting() {
        long id = browser.selectedImageIdProperty().get();
        if (id >= 0 && image.imageIdProperty().get() != id) {
            ImageSummary summary = browser.summaryAt(browser.selectedIndexProperty().get());
            if (summary != null) {
                image.show(id, browser.fileOf(summary));
                prefetchNeighbours(browser.selectedIndexProperty().get());
            }
        }
    }

    private void prefetchNeighbours(int index) {
        for (int neighbour : new int[] {index + 1, index - 1}) {
            ImageSummary summary = browser.summaryAt(neighbour);
            if (summary != null) {
                image.prefetch(summary.id(), browser.fileOf(summary));
            }
        }
    }

    /** Refreshes badges and counts after another window changed labels of unknown images. */
    public void labelsChangedElsewhere() {
        browser.reloadAllSummaries();
        categories.reload();
        refreshCompleteness();
    }

    private void labelsChanged(long imageId) {
        browser.reloadSummary(imageId);
        refreshCompleteness();
    }

    private void undoOrRedo(boolean undo) {
        Project current = project.get();
        if (current == null) {
            return;
        }
        LabelEditor editor = new LabelEditor(current.database());
        String actor = context.actor();
        context.executors().writes().execute(() -> {
            try {
                Optional<EditResult> result = undo ? editor.undo(actor) : editor.redo(actor);
                context.executors().ui().execute(() -> {
                    if (project.get() != current) {
                        return;
                    }
                    if (result.isEmpty()) {
                        info(GuiText.text(undo ? "undo.nothing" : "redo.nothing"));
                        return;
                    }
                    info(result.get().description());
                    historyRevision.set(historyRevision.get() + 1);
                    categories.reload();
                    browser.reloadAllSummaries();
                    refreshCompleteness();
                });
            } catch (RuntimeException e) {
                logFailure(undo ? "Undo" : "Redo", e);
                String sentence = ErrorMessages.describe(e);
                context.executors().ui().execute(() -> error(sentence));
            }
        });
    }

    private void imported(ImportOutcome outcome, Project into) {
        info(ImportDialogViewModel.outcome(outcome));
        if (outcome.createdProject()) {
            open(outcome.projectFolder());
        } else if (project.get() == into) {
            categories.setProject(into);
            browser.setProject(into);
            refreshStatus();
        }
    }

    private void modelChanged(Project changed) {
        if (project.get() != changed) {
            return;
        }
        image.invalidateHeatmaps();
        categories.reload();
        browser.reloadAllSummaries();
        refreshStatus();
    }

    /** Counts the known cells again; while one count runs, further requests make one more run, not many. */
    private void refreshCompleteness() {
        Project current = project.get();
        if (current == null) {
            return;
        }
        if (completenessRunning) {
            completenessQueued = true;
            return;
        }
        completenessRunning = true;
        context.executors().reads().execute(() -> {
            Completeness counts = null;
            try {
                counts = current.database().read(connection -> new BrowseRepository(connection).findCompleteness());
            } catch (RuntimeException e) {
                logFailure("Counting the known cells", e);
            }
            Completeness result = counts;
            context.executors().ui().execute(() -> {
                completenessRunning = false;
                if (result != null && project.get() == current) {
                    completeness.set(GuiText.text("status.completeness", result.knownFraction() * 100,
                            result.knownCells(), result.cells(), result.pendingSuggestions()));
                }
                if (completenessQueued) {
                    completenessQueued = false;
                    refreshCompleteness();
                }
            });
        });
    }

    /**
     * Offers to relink every dataset root whose folder is gone or whose sampled images are all
     * missing: the sign of a dataset that moved, not of a few deleted files.
     */
    private void checkForMovedRoots(Project opened) {
        context.executors().reads().execute(() -> {
            try {
                List<DatasetRoot> roots = opened.database().read(connection ->
                        new DatasetRootRepository(connection).findAllRoots());
                List<ImageRecord> sample = opened.database().read(connection ->
                        new ImageRepository(connection).findImages(ImageFilter.all(RELINK_SAMPLE)));
                List<DatasetRoot> moved = new ArrayList<>();
                for (DatasetRoot root : roots) {
                    List<ImageRecord> ofRoot = sample.stream().filter(record -> record.rootId() == root.id()).toList();
                    boolean folderGone = !Files.isDirectory(root.path());
                    boolean allMissing = !ofRoot.isEmpty() && ofRoot.stream()
                            .noneMatch(record -> Files.isRegularFile(root.path().resolve(record.path())));
                    if (folderGone || allMissing) {
                        moved.add(root);
                    }
                }
                boolean photographs = roots.stream().anyMatch(root -> !Files.isRegularFile(root.path()
                        .resolve(DEMO_MARKER)));
                context.executors().ui().execute(() -> {
                    if (project.get() != opened) {
                        return;
                    }
                    projectHasPhotographs = photographs;
                    updateDemoBanner();
                    for (DatasetRoot root : moved) {
                        addNotice(new Notice(Notice.Kind.WARNING, GuiText.text("relink.offer", root.path()),
                                GuiText.text("relink.action"), () -> relinkRequested.set(root)));
                    }
                });
            } catch (RuntimeException e) {
                logFailure("Checking the dataset roots", e);
            }
        });
    }

    /**
     * A dataset root the user chose to relink from a notice. The view lets the user pick the new
     * folder, calls {@link #relink} and resets this to {@code null}.
     */
    public ObjectProperty<DatasetRoot> relinkRequestedProperty() {
        return relinkRequested;
    }

    private void updateDemoBanner() {
        boolean demo = projectModel != null && EmbeddedModel.NAME.equals(projectModel.toLowerCase(Locale.ROOT));
        demoModelOnPhotographs.set(project.get() != null && demo && projectHasPhotographs);
    }

    private static void logFailure(String what, RuntimeException e) {
        if (ErrorMessages.isUserError(e)) {
            LOG.info("{} failed: {}", what, e.getMessage());
        } else {
            LOG.error("{} failed", what, e);
        }
    }
}
