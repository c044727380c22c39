package org.regiontag.app.gui.project;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.regiontag.app.gui.GuiText;
import org.regiontag.db.Project;
import org.regiontag.db.io.export.ExportFormat;
import org.regiontag.db.io.export.ExportOptions;
import org.regiontag.db.io.export.ExportSummary;
import org.regiontag.db.io.export.LabelExporter;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.Progress;

/**
 * The export dialog: format, provenance and target, as {@code regiontag export} takes them. The
 * target follows the format (a file of the format's default name in the project's {@code exports/}
 * folder) until the user edits it.
 */
public final class ExportDialogViewModel {

    private final Project project;
    private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(this, "format", ExportFormat.CSV);
    private final BooleanProperty provenance = new SimpleBooleanProperty(this, "provenance");
    private final BooleanProperty provenancePossible = new SimpleBooleanProperty(this, "provenancePossible", true);
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final StringProperty problem = new SimpleStringProperty(this, "problem", "");
    private boolean targetEdited;
    private boolean settingTarget;

    public ExportDialogViewModel(Project project) {
        this.project = project;
        format.addListener((observable, before, after) -> {
            provenancePossible.set(after != ExportFormat.VOC);
            if (after == ExportFormat.VOC) {
                provenance.set(false);
            }
            if (!targetEdited) {
                setDefaultTarget();
            }
            problem.set(validate().orElse(""));
        });
        target.addListener((observable, before, after) -> {
            if (!settingTarget) {
                targetEdited = true;
            }
            problem.set(validate().orElse(""));
        });
        setDefaultTarget();
    }

    public ObjectProperty<ExportFormat> formatProperty() {
        return format;
    }

    /** Whether each label also carries its source, actor and time. */
    public BooleanProperty provenanceProperty() {
        return provenance;
    }

    /** Whether the format can hold provenance (VOC lists cannot). */
    public ReadOnlyBooleanProperty provenancePossibleProperty() {
        return provenancePossible;
    }

    /** The file to write, or for VOC the folder. */
    public StringProperty targetProperty() {
        return target;
    }

    /** The first problem of the form, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }

    public Optional<String> validate() {
        if (target.get().isBlank()) {
            return Optional.of(GuiText.text("export.needTarget"));
        }
        try {
            Path.of(target.get().strip());
        } catch (InvalidPathException e) {
            return Optional.of(GuiText.text("import.invalidPath", target.get()));
        }
        return Optional.empty();
    }

    /**
     * Returns the export as a job with the form's values as they are now.
     *
     * @throws IllegalStateException when the form has a problem
     */
    public Job<ExportSummary> createJob() {
        Optional<String> invalid = validate();
        if (invalid.isPresent()) {
            throw new IllegalStateException(invalid.get());
        }
        ExportFormat chosen = format.get();
        Path out = Path.of(target.get().strip());
        ExportOptions options = new ExportOptions(provenance.get());
        return (listener, token) -> {
            listener.onProgress(new Progress("export", 0, -1, Optional.empty(), Map.of()));
            token.throwIfCancelled();
            return new LabelExporter(project.database(), project.name()).export(chosen, out, options);
        };
    }

    /** Returns the task panel's one-line outcome of an export, with its first warning. */
    public static String outcome(ExportSummary summary) {
        String line = GuiText.text("export.outcome", summary.images(), summary.categories(), summary.positive(),
                summary.negative(), summary.target());
        return summary.warnings().isEmpty() ? line : line + " " + summary.warnings().get(0);
    }

    private void setDefaultTarget() {
        settingTarget = true;
        try {
            target.set(project.exportsFolder().resolve(format.get().defaultTarget()).toString());
        } finally {
            settingTarget = false;
        }
    }
}
