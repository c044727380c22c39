package org.regiontag.app.gui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.gui.TestProjects;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.db.Project;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.ImageQuery;
import org.regiontag.db.repo.ImageSummary;
import org.regiontag.db.repo.LabelRepository;

/** The browser's view model on a real project, without a window. */
class BrowserViewModelTest {

    @TempDir
    Path temp;

    private Project project;
    private final List<String> errors = new ArrayList<>();
    private BrowserViewModel viewModel;

    @BeforeEach
    void openProject() {
        project = TestProjects.demoProject(temp, 12, 40);
        viewModel = new BrowserViewModel(UiExecutors.sameThread(), errors::add);
        viewModel.setProject(project);
    }

    @AfterEach
    void closeProject() {
        project.close();
    }

    @Test
    void listsEveryImageAndSelectsFirst() {
        assertThat(viewModel.imageCountProperty().get()).isEqualTo(12);
        assertThat(viewModel.selectedIndexProperty().get()).isZero();
        assertThat(viewModel.selectedImageIdProperty().get()).isEqualTo(1);
        assertThat(viewModel.categories()).hasSize(12);
        assertThat(errors).isEmpty();
    }

    @Test
    void summaryCountsKnownCells() {
        ImageSummary first = viewModel.summaryAt(0);

        long known = project.database().read(connection -> new LabelRepository(connection).findLabelsByImage(1)).size();
        assertThat(first.path()).isEqualTo("train/scene-000000.jpg");
        assertThat(first.status()).isEqualTo(ImageStatus.OK);
        assertThat(first.knownCells()).isEqualTo((int) known);
        assertThat(viewModel.fileOf(first)).isEqualTo(temp.resolve("scenes").toAbsolutePath().normalize()
                .resolve("train/scene-000000.jpg"));
    }

    @Test
    void selectionStepsAndStopsAtEnds() {
        viewModel.selectPrevious();
        assertThat(viewModel.selectedIndexProperty().get()).isZero();

        for (int i = 0; i < 20; i++) {
            viewModel.selectNext();
        }

        assertThat(viewModel.selectedIndexProperty().get()).isEqualTo(11);
        assertThat(viewModel.selectedImageIdProperty().get()).isEqualTo(12);
    }

    @Test
    void unknownFilterKeepsUnknownImages() {
        var circle = viewModel.categories().get(0);
        long unknown = 0;
        for (long id = 1; id <= 12; id++) {
            long image = id;
            if (project.database().read(connection -> new LabelRepository(connection)
                    .findLabel(image, circle.id())).isEmpty()) {
                unknown++;
            }
        }

        viewModel.unknownCategoryProperty().set(circle);

        assertThat(viewModel.imageCountProperty().get()).isEqualTo((int) unknown);
        assertThat(unknown).isBetween(1L, 11L);
    }

    @Test
    void suggestionFilterAndInformativenessOrder() {
        long version = TestProjects.insertModelVersion(project, null, "demo-tiny-clip", null);
        TestProjects.suggestFromGroundTruth(project, version);

        viewModel.withSuggestionsProperty().set(true);
        viewModel.orderProperty().set(ImageQuery.ImageOrder.INFORMATIVENESS);

        assertThat(viewModel.imageCountProperty().get()).isPositive();
        double previous = Double.MAX_VALUE;
        for (int i = 0; i < viewModel.imageCountProperty().get(); i++) {
            ImageSummary summary = viewModel.summaryAt(i);
            assertThat(summary.pendingSuggestions()).isPositive();
            double top = maxInformativeness(summary.id());
            assertThat(top).isLessThanOrEqualTo(previous);
            previous = top;
        }
    }

    @Test
    void refreshKeepsSelectedImage() {
        viewModel.select(5);
        long selected = viewModel.selectedImageIdProperty().get();

        viewModel.refresh();

        assertThat(viewModel.selectedImageIdProperty().get()).isEqualTo(selected);
    }

    @Test
    void summaryReloadsAfterLabelChange() {
        ImageSummary before = viewModel.summaryAt(2);
        long revision = viewModel.summariesRevisionProperty().get();
        long categoryId = viewModel.categories().get(0).id();
        CellState state = project.database().read(connection -> new LabelRepository(connection)
                .findLabel(before.id(), categoryId)).isPresent() ? null : CellState.POSITIVE;
        new LabelEditor(project.database()).setCell(before.id(), categoryId, state, "alice", "test");

        viewModel.reloadSummary(before.id());

        assertThat(viewModel.summariesRevisionProperty().get()).isGreaterThan(revision);
        assertThat(viewModel.summaryAt(2).knownCells()).isEqualTo(before.knownCells() + (state == null ? -1 : 1));
    }

    @Test
    void pagesOfLargeListLoadOnDemand() {
        assertThat(viewModel.summaryAt(11)).isNotNull();
        assertThat(viewModel.summaryAt(12)).isNull();
        assertThat(viewModel.summaryAt(-1)).isNull();
    }

    @Test
    void missingFileBecomesMissingThumbnail() throws Exception {
        java.nio.file.Files.delete(temp.resolve("scenes/train/scene-000003.jpg"));

        Thumbnail missing = viewModel.thumbnailLoader().load(temp.resolve("scenes/train/scene-000003.jpg"), 64);
        Thumbnail damaged = viewModel.thumbnailLoader().load(java.nio.file.Files.writeString(
                temp.resolve("broken.jpg"), "not a jpeg"), 64);
        Thumbnail ok = viewModel.thumbnailLoader().load(temp.resolve("scenes/train/scene-000004.jpg"), 32);

        assertThat(missing.status()).isEqualTo(Thumbnail.Status.MISSING);
        assertThat(damaged.status()).isEqualTo(Thumbnail.Status.DAMAGED);
        assertThat(ok.status()).isEqualTo(Thumbnail.Status.OK);
        assertThat(Math.max(ok.image().getWidth(), ok.image().getHeight())).isEqualTo(32);
    }

    private double maxInformativeness(long imageId) {
        return project.database().read(connection -> {
            try (var select = connection.prepareStatement(
                    "SELECT coalesce(max(informativeness), -1) FROM suggestion WHERE image_id = ? AND status = 'pending'")) {
                select.setLong(1, imageId);
                try (var row = select.executeQuery()) {
                    row.next();
                    return row.getDouble(1);
                }
            }
        });
    }
}
