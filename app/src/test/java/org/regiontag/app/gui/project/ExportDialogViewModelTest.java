package org.regiontag.app.gui.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.io.export.ExportFormat;

class ExportDialogViewModelTest {

    @TempDir
    Path temp;

    private Project project;

    @BeforeEach
    void createProject() {
        project = Project.create(temp.resolve("p"), "p");
    }

    @AfterEach
    void close() {
        project.close();
    }

    @Test
    void targetFollowsFormatUntilEdited() {
        ExportDialogViewModel form = new ExportDialogViewModel(project);
        assertThat(form.targetProperty().get()).isEqualTo(project.exportsFolder().resolve("labels.csv").toString());

        form.formatProperty().set(ExportFormat.COCO);
        assertThat(form.targetProperty().get()).endsWith("labels-coco.json");

        form.targetProperty().set(temp.resolve("mine.json").toString());
        form.formatProperty().set(ExportFormat.CSV_LONG);
        assertThat(form.targetProperty().get()).isEqualTo(temp.resolve("mine.json").toString());
    }

    @Test
    void vocHasNoProvenance() {
        ExportDialogViewModel form = new ExportDialogViewModel(project);
        form.provenanceProperty().set(true);

        form.formatProperty().set(ExportFormat.VOC);

        assertThat(form.provenanceProperty().get()).isFalse();
        assertThat(form.provenancePossibleProperty().get()).isFalse();
    }

    @Test
    void blankTargetIsAProblem() {
        ExportDialogViewModel form = new ExportDialogViewModel(project);

        form.targetProperty().set(" ");

        assertThat(form.problemProperty().get()).isEqualTo("Choose where to write the export.");
    }
}
