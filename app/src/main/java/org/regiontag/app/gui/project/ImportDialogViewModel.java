package org.regiontag.app.gui.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.services.StoreProgress;
import org.regiontag.db.Project;
import org.regiontag.db.io.DatasetReader;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.ImportSummary;
import org.regiontag.db.io.MissingLabelSimulation;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.DatasetReaders;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The import dialog: a new project from a dataset, or another dataset into the open project. The
 * same choices as {@code regiontag import}: format, source, images folder, split, the missing-label
 * simulation, and whether the source is exhaustive.
 *
 * <p>Validation here is about the form (required fields, numbers in range); whether the files exist
 * and parse is the import job's to report, with the store's one-line messages.
 */
public final class ImportDialogViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(ImportDialogViewModel.class);
    /** Half the labels kept: a common setting of missing-label experiments, and the middle of the range. */
    static final double DEFAULT_KEEP_PROPORTION = 0.5;

    private final Project openProject;
    private final StringProperty projectFolder = new SimpleStringProperty(this, "projectFolder", "");
    private final StringProperty projectName = new SimpleStringProperty(this, "projectName", "");
    private final ObjectProperty<String> format = new SimpleObjectProperty<>(this, "format", "voc");
    private final StringProperty source = new SimpleStringProperty(this, "source", "");
    private final StringProperty images = new SimpleStringProperty(this, "images", "");
    private final ObjectProperty<Split> split = new SimpleObjectProperty<>(this, "split");
    private final BooleanProperty simulate = new SimpleBooleanProperty(this, "simulate");
    private final DoubleProperty keepProportion = new SimpleDoubleProperty(this, "keepProportion",
            DEFAULT_KEEP_PROPORTION);
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "0");
    private final BooleanProperty exhaustive = new SimpleBooleanProperty(this, "exhaustive");
    private final StringProperty problem = new SimpleStringProperty(this, "problem", "");

    /**
     * @param openProject the project to import into, or {@code null} to create a new project
     */
    public ImportDialogViewModel(Project openProject) {
        this.openProject = openProject;
        Observable[] fields = {projectFolder, projectName, format, source, images, simulate, keepProportion, seed};
        for (Observable field : fields) {
            field.addListener(observable -> problem.set(validate().orElse("")));
        }
        problem.set(validate().orElse(""));
    }

    /** Whether the dialog creates a project (else it imports into the open one). */
    public boolean createsProject() {
        return openProject == null;
    }

    /** The format names, in the order of {@code regiontag import --help}. */
    public List<String> formats() {
        return DatasetReaders.formats();
    }

    public StringProperty projectFolderProperty() {
        return projectFolder;
    }

    public StringProperty projectNameProperty() {
        return projectName;
    }

    public ObjectProperty<String> formatProperty() {
        return format;
    }

    /** The annotation file or folder. */
    public StringProperty sourceProperty() {
        return source;
    }

    /** The folder image paths are relative to; empty for the format's default. */
    public StringProperty imagesProperty() {
        return images;
    }

    /** The split every image gets; {@code null} keeps the source's. */
    public ObjectProperty<Split> splitProperty() {
        return split;
    }

    /** Whether to hide labels at random, keeping all of them as ground truth for evaluation. */
    public BooleanProperty simulateProperty() {
        return simulate;
    }

    public DoubleProperty keepProportionProperty() {
        return keepProportion;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** Whether the source lists every positive, so that its unknown cells become negative. */
    public BooleanProperty exhaustiveProperty() {
        return exhaustive;
    }

    /** The first problem of the form, or empty when it can be submitted. */
    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }

    /** Returns the first problem of the form, or empty. */
    public Optional<String> validate() {
        if (createsProject()) {
            if (projectFolder.get().isBlank()) {
                return Optional.of(GuiText.text("import.needFolder"));
            }
            if (parsePath(projectFolder.get()) == null) {
                return Optional.of(GuiText.text("import.invalidPath", projectFolder.get()));
            }
        }
        if (format.get() == null) {
            return Optional.of(GuiText.text("import.needFormat"));
        }
        if (source.get().isBlank()) {
            return Optional.of(GuiText.text("import.needSource"));
        }
        if (parsePath(source.get()) == null) {
            return Optional.of(GuiText.text("import.invalidPath", source.get()));
        }
        if (!images.get().isBlank() && parsePath(images.get()) == null) {
            return Optional.of(GuiText.text("import.invalidPath", images.get()));
        }
        if (simulate.get()) {
            double proportion = keepProportion.get();
            if (!(proportion >= 0 && proportion <= 1)) {
                return Optional.of(GuiText.text("import.proportion", proportion));
            }
            try {
                Long.parseLong(seed.get().strip());
            } catch (NumberFormatException e) {
                return Optional.of(GuiText.text("import.invalidSeed", seed.get()));
            }
        }
        return Optional.empty();
    }

    /** Returns the task panel's title of the import. */
    public String title() {
        return createsProject() ? GuiText.text("import.titleNew") : GuiText.text("import.titleInto");
    }

    /**
     * Returns the import as a job, with the form's values as they are now. A project it creates is
     * deleted again when the import fails or is cancelled, so nothing is half written.
     *
     * @param actor the user recorded with the imported labels
     * @throws IllegalStateException when the form has a problem
     */
    public Job<ImportOutcome> createJob(String actor) {
        Optional<String> invalid = validate();
        if (invalid.isPresent()) {
            throw new IllegalStateException(invalid.get());
        }
        String formatName = format.get();
        Path sourcePath = parsePath(source.get());
        Path imagesPath = images.get().isBlank() ? null : parsePath(images.get());
        Split assigned = split.get();
        MissingLabelSimulation simulation = simulate.get()
                ? new MissingLabelSimulation(keepProportion.get(), Long.parseLong(seed.get().strip())) : null;
        ImportOptions options = new ImportOptions(actor, exhaustive.get(), simulation);
        Path folder = createsProject() ? parsePath(projectFolder.get()).toAbsolutePath().normalize() : null;
        String name = projectName.get().isBlank() ? null : projectName.get().strip();
        Project into = openProject;

        return (listener, token) -> {
            DatasetReader reader = DatasetReaders.forFormat(formatName);
            listener.onProgress(new Progress("read", 0, -1, Optional.empty(), java.util.Map.of()));
            ParsedDataset dataset = reader.read(sourcePath, imagesPath, assigned);
            token.throwIfCancelled();
            if (into != null) {
                ImportSummary summary = new DatasetWriter(into.database()).write(dataset, options,
                        new StoreProgress(listener, token));
                return new ImportOutcome(into.folder(), false, summary);
            }

            boolean existed = Files.exists(folder);
            Project created = Project.create(folder, name);
            try (created) {
                ImportSummary summary = new DatasetWriter(created.database()).write(dataset, options,
                        new StoreProgress(listener, token));
                return new ImportOutcome(folder, true, summary);
            } catch (RuntimeException | Error e) {
                // The store is closed by now, so its files can be deleted.
                deleteCreatedProject(folder, existed);
                throw e;
            }
        };
    }

    /** Returns the task panel's one-line outcome of an import. */
    public static String outcome(ImportOutcome outcome) {
        ImportSummary summary = outcome.summary();
        return GuiText.text("import.outcome", summary.imagesAdded(), summary.imagesUpdated(),
                summary.categoriesAdded().size(), summary.labelsAdded(), summary.missingImages().size(),
                summary.damagedImages().size(), summary.skippedImages().size());
    }

    /** Removes what {@link Project#create} made, and the folder itself when it did not exist before. */
    private static void deleteCreatedProject(Path folder, boolean existed) {
        List<Path> created = List.of(folder.resolve(Project.STORE_FILE), folder.resolve(Project.STORE_FILE + "-wal"),
                folder.resolve(Project.STORE_FILE + "-shm"), folder.resolve(Project.FEATURES_FOLDER),
                folder.resolve(Project.MODELS_FOLDER), folder.resolve(Project.EXPORTS_FOLDER));
        try {
            for (Path path : created) {
                deleteTree(path);
            }
            if (!existed) {
                Files.deleteIfExists(folder);
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove the unfinished project {}", folder, e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path entry : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }

    private static Path parsePath(String text) {
        try {
            return Path.of(text.strip());
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
