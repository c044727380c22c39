package org.regiontag.app.gui.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.demo.DemoDataset;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.JobCancelledException;

class ImportDialogViewModelTest {

    @TempDir
    Path temp;

    @Test
    void emptyFormNamesFirstMissingField() {
        ImportDialogViewModel form = new ImportDialogViewModel(null);

        assertThat(form.problemProperty().get()).isEqualTo("Choose a folder for the new project.");
        form.projectFolderProperty().set(temp.resolve("p").toString());
        assertThat(form.problemProperty().get()).isEqualTo("Choose the annotation file or folder.");
        form.sourceProperty().set(temp.resolve("a.csv").toString());
        assertThat(form.problemProperty().get()).isEmpty();
    }

    @Test
    void simulationNeedsWholeSeed() {
        ImportDialogViewModel form = filledForm();
        form.simulateProperty().set(true);
        form.seedProperty().set("abc");

        assertThat(form.problemProperty().get()).isEqualTo("The seed must be a whole number, not 'abc'.");
        assertThatThrownBy(() -> form.createJob("alice")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cancelledImportLeavesNoProject() throws Exception {
        DemoDataset.write(temp.resolve("scenes"), 20, 0, 1, 32);
        ImportDialogViewModel form = filledForm();
        form.sourceProperty().set(temp.resolve("scenes/train.csv").toString());
        form.imagesProperty().set(temp.resolve("scenes").toString());
        CancellationToken token = new CancellationToken();

        assertThatThrownBy(() -> form.createJob("alice").run(progress -> {
            if (progress.phase().equals("labels")) {
                token.cancel();
            }
        }, token)).isInstanceOf(JobCancelledException.class);

        assertThat(temp.resolve("project")).doesNotExist();
    }

    @Test
    void importIntoExistingEmptyFolderKeepsFolder() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("project"));
        ImportDialogViewModel form = filledForm();
        form.sourceProperty().set(temp.resolve("missing.csv").toString());

        assertThatThrownBy(() -> form.createJob("alice").run(progress -> { }, new CancellationToken()))
                .hasMessageContaining("missing.csv");

        assertThat(folder).isEmptyDirectory();
    }

    private ImportDialogViewModel filledForm() {
        ImportDialogViewModel form = new ImportDialogViewModel(null);
        form.projectFolderProperty().set(temp.resolve("project").toString());
        form.formatProperty().set("csv");
        form.sourceProperty().set(temp.resolve("labels.csv").toString());
        return form;
    }
}
