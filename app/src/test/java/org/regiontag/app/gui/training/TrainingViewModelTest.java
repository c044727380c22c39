package org.regiontag.app.gui.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.gui.FeatureFixtures;
import org.regiontag.app.gui.RecordingNotifier;
import org.regiontag.app.gui.TestProjects;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.db.Project;
import org.regiontag.db.repo.PrototypeKind;

/** The training window's view model on model versions and prototypes written as training rounds write them. */
class TrainingViewModelTest {

    @TempDir
    Path temp;

    private Project project;
    private final RecordingNotifier notifier = new RecordingNotifier();

    @BeforeEach
    void createProject() {
        project = TestProjects.demoProject(temp, 4, 32);
    }

    @AfterEach
    void close() {
        project.close();
    }

    @Test
    void versionsCarryTheirRoundMetrics() {
        long first = TestProjects.insertModelVersion(project, null, "clip-vit-base-patch16",
                new org.regiontag.engine.pipeline.RoundMetrics(1, "trained", 2, List.of(0.9, 0.7), null, 52.0, null,
                        null, 80.0, 30.0, null, "test", 4).toJson());
        TestProjects.insertModelVersion(project, first, "clip-vit-base-patch16",
                new org.regiontag.engine.pipeline.RoundMetrics(2, "trained", 2, List.of(0.6, 0.5), null, 61.0, null,
                        null, null, null, null, "test", 4).toJson());
        TestProjects.insertModelVersion(project, first, "clip-vit-base-patch16", null);
        TrainingViewModel training = new TrainingViewModel(UiExecutors.sameThread(), project, notifier);

        training.load();

        assertThat(training.versions()).hasSize(3);
        assertThat(training.versions().get(0).metrics().map()).isCloseTo(0.52, within(1e-12));
        assertThat(training.versions().get(0).metrics().plRecall()).isCloseTo(0.3, within(1e-12));
        assertThat(training.versions().get(1).metrics().loss()).containsExactly(0.6, 0.5);
        assertThat(training.versions().get(1).parentId()).isEqualTo(first);
        assertThat(training.versions().get(2).metrics().round()).isEqualTo(3);
        assertThat(training.versions().get(2).note()).isEqualTo("not evaluated");
        assertThat(training.mapVersionProperty().get().id()).isEqualTo(3);
    }

    @Test
    void mapProjectsEveryPrototype() throws Exception {
        long version = TestProjects.insertModelVersion(project, null, FeatureFixtures.MODEL, null);
        FeatureFixtures.write(project, version);
        TrainingViewModel training = new TrainingViewModel(UiExecutors.sameThread(), project, notifier);

        training.load();

        assertThat(training.points()).hasSize(24);
        assertThat(training.points()).filteredOn(point -> point.kind() == PrototypeKind.TEXT).hasSize(12);
        assertThat(training.points().get(0).category()).isEqualTo("circle");
        assertThat(training.explainedXProperty().get()).isBetween(0.0, 1.0);
        assertThat(training.mapHintProperty().get()).isEmpty();
    }

    @Test
    void noVersionsExplains() {
        TrainingViewModel training = new TrainingViewModel(UiExecutors.sameThread(), project, notifier);

        training.load();

        assertThat(training.versions()).isEmpty();
        assertThat(training.mapHintProperty().get()).startsWith("No model version yet");
    }
}
