package org.regiontag.app.gui.categories;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.gui.RecordingNotifier;
import org.regiontag.app.gui.TestProjects;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.db.Project;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelBatchRepository;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.LabelSource;
import org.regiontag.db.repo.SuggestionStatus;

/** The category panel's view model on a real project, without a window; every executor runs at once. */
class CategoryPanelViewModelTest {

    @TempDir
    Path temp;

    private Project project;
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final List<Long> changedImages = new ArrayList<>();
    private CategoryPanelViewModel viewModel;
    private long imageId;

    @BeforeEach
    void openProject() {
        project = TestProjects.demoProject(temp, 6, 48);
        long version = TestProjects.insertModelVersion(project, null, "demo-tiny-clip", null);
        TestProjects.suggestFromGroundTruth(project, version);
        viewModel = new CategoryPanelViewModel(UiExecutors.sameThread(), "alice", notifier, changedImages::add);
        viewModel.setProject(project);
        imageId = 1;
        viewModel.load(imageId, "train/scene-000000.jpg");
    }

    @AfterEach
    void closeProject() {
        project.close();
    }

    @Test
    void rowsListEveryCategoryInOrder() {
        assertThat(viewModel.rows()).hasSize(12);
        assertThat(viewModel.rows().get(0).category().name()).isEqualTo("circle");
        assertThat(viewModel.selectedIndexProperty().get()).isZero();
        assertThat(viewModel.selectedCategoryProperty().get().name()).isEqualTo("circle");
    }

    @Test
    void rowsMatchTheStore() {
        for (CategoryRow row : viewModel.rows()) {
            Optional<Label> stored = label(row.category().id());
            assertThat(row.state()).isEqualTo(stored.map(Label::state).orElse(null));
            if (stored.isEmpty()) {
                assertThat(row.hasDecidableSuggestion()).as(row.category().name()).isTrue();
            } else {
                assertThat(row.hasDecidableSuggestion()).as(row.category().name()).isFalse();
            }
        }
    }

    @Test
    void acceptWritesProposedState() {
        int index = firstDecidable();
        CategoryRow row = viewModel.rows().get(index);
        viewModel.select(index);

        viewModel.acceptSelected();

        Label stored = label(row.category().id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(row.suggestion().proposedState().cellState());
        assertThat(stored.source()).isEqualTo(LabelSource.ACCEPTED_SUGGESTION);
        assertThat(actorOf(stored)).isEqualTo("alice");
        assertThat(viewModel.rows().get(index).suggestion().status()).isEqualTo(SuggestionStatus.ACCEPTED);
        assertThat(viewModel.rows().get(index).saving()).isFalse();
        assertThat(changedImages).containsExactly(imageId);
    }

    @Test
    void rejectWritesOppositeState() {
        int index = firstDecidable();
        CategoryRow row = viewModel.rows().get(index);
        viewModel.select(index);

        viewModel.rejectSelected();

        Label stored = label(row.category().id()).orElseThrow();
        CellState proposed = row.suggestion().proposedState().cellState();
        assertThat(stored.state()).isNotEqualTo(proposed);
        assertThat(stored.source()).isEqualTo(LabelSource.REJECTED_SUGGESTION);
    }

    @Test
    void decisionMovesToNextSuggestion() {
        int first = firstDecidable();
        viewModel.select(first);

        viewModel.acceptSelected();

        int next = viewModel.selectedIndexProperty().get();
        assertThat(next).isGreaterThan(first);
        assertThat(viewModel.rows().get(next).hasDecidableSuggestion()).isTrue();
    }

    @Test
    void acceptWithoutSuggestionExplains() {
        int known = -1;
        for (int i = 0; i < viewModel.rows().size(); i++) {
            if (viewModel.rows().get(i).label() != null) {
                known = i;
            }
        }
        viewModel.select(known);
        Label before = label(viewModel.rows().get(known).category().id()).orElseThrow();

        viewModel.acceptSelected();

        assertThat(notifier.infos).hasSize(1);
        assertThat(notifier.infos.get(0)).startsWith("No suggestion to decide for");
        assertThat(label(viewModel.rows().get(known).category().id())).contains(before);
    }

    @Test
    void markSetsAndClearsCell() {
        viewModel.select(3);
        long categoryId = viewModel.rows().get(3).category().id();

        viewModel.markSelected(CellState.POSITIVE);
        Label positive = label(categoryId).orElseThrow();
        viewModel.markSelected(null);

        assertThat(positive.state()).isEqualTo(CellState.POSITIVE);
        assertThat(positive.source()).isEqualTo(LabelSource.ANNOTATOR);
        assertThat(label(categoryId)).isEmpty();
        assertThat(viewModel.rows().get(3).state()).isNull();
        assertThat(viewModel.rows().get(3).history()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void acceptConfidentAcceptsAboveThreshold() {
        List<CategoryRow> decidable = viewModel.rows().stream().filter(CategoryRow::hasDecidableSuggestion).toList();

        viewModel.acceptConfident(0.8);

        for (CategoryRow row : decidable) {
            Optional<Label> stored = label(row.category().id());
            if (row.confidence() >= 0.8) {
                assertThat(stored).as(row.category().name()).isPresent();
                assertThat(stored.get().source()).isEqualTo(LabelSource.ACCEPTED_SUGGESTION);
            } else {
                assertThat(stored).as(row.category().name()).isEmpty();
            }
        }
    }

    @Test
    void acceptConfidentReportsNoneAboveThreshold() {
        viewModel.acceptConfident(0.99);

        assertThat(notifier.infos).containsExactly("No suggestion on this image reaches the confidence 0.99 (Settings).");
    }

    @Test
    void decisionShowsBeforeWriteFinishes() {
        List<Runnable> queuedWrites = new ArrayList<>();
        UiExecutors executors = new UiExecutors(Runnable::run, Runnable::run, queuedWrites::add, Runnable::run);
        CategoryPanelViewModel queued = new CategoryPanelViewModel(executors, "alice", notifier, changedImages::add);
        queued.setProject(project);
        queued.load(imageId, "train/scene-000000.jpg");
        int index = firstDecidable(queued);
        long categoryId = queued.rows().get(index).category().id();
        queued.select(index);

        queued.acceptSelected();

        assertThat(queued.rows().get(index).saving()).isTrue();
        assertThat(queued.rows().get(index).label().source()).isEqualTo(LabelSource.ACCEPTED_SUGGESTION);
        assertThat(queued.pendingWritesProperty().get()).isEqualTo(1);
        assertThat(label(categoryId)).isEmpty();

        queuedWrites.forEach(Runnable::run);

        assertThat(queued.pendingWritesProperty().get()).isZero();
        assertThat(queued.rows().get(index).saving()).isFalse();
        assertThat(label(categoryId)).isPresent();
    }

    @Test
    void failedWriteRestoresStoredState() {
        List<Runnable> queuedWrites = new ArrayList<>();
        UiExecutors executors = new UiExecutors(Runnable::run, Runnable::run, queuedWrites::add, Runnable::run);
        CategoryPanelViewModel queued = new CategoryPanelViewModel(executors, "alice", notifier, changedImages::add);
        queued.setProject(project);
        queued.load(imageId, "train/scene-000000.jpg");
        int index = firstDecidable(queued);
        long categoryId = queued.rows().get(index).category().id();
        queued.select(index);
        queued.acceptSelected();
        // Someone else decides the cell first, so the queued accept finds no pending suggestion.
        new LabelEditor(project.database()).setCell(imageId, categoryId, CellState.NEGATIVE, "bob", "set by bob");

        queuedWrites.forEach(Runnable::run);

        assertThat(notifier.errors).hasSize(1);
        assertThat(queued.rows().get(index).labelBatch().actor()).isEqualTo("bob");
        assertThat(queued.rows().get(index).saving()).isFalse();
    }

    @Test
    void provenanceNamesSourceActorAndHistory() {
        int index = firstDecidable();
        viewModel.select(index);
        viewModel.acceptSelected();

        String text = CategoryPanelViewModel.provenance(viewModel.rows().get(index));

        assertThat(text).contains("accepted suggestion", "by alice", "Model version 1", "History, newest first:",
                "unknown \u2192");
    }

    @Test
    void provenanceOfUnknownCell() {
        CategoryRow unknown = viewModel.rows().get(firstDecidable());

        assertThat(CategoryPanelViewModel.provenance(unknown)).startsWith("Unknown: no label yet.");
    }

    private int firstDecidable() {
        return firstDecidable(viewModel);
    }

    private static int firstDecidable(CategoryPanelViewModel panel) {
        for (int i = 0; i < panel.rows().size(); i++) {
            if (panel.rows().get(i).hasDecidableSuggestion()) {
                return i;
            }
        }
        throw new AssertionError("the test image has no pending suggestion");
    }

    private Optional<Label> label(long categoryId) {
        return project.database().read(connection -> new LabelRepository(connection).findLabel(imageId, categoryId));
    }

    private String actorOf(Label stored) {
        return project.database().read(connection -> new LabelBatchRepository(connection).findBatch(stored.batchId()))
                .orElseThrow().actor();
    }
}
