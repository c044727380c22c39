package org.regiontag.app.gui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.gui.RecordingNotifier;
import org.regiontag.app.gui.TestProjects;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.db.Project;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelBatchRepository;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.LabelSource;
import org.regiontag.db.repo.ReviewSelection;

/** The category review grid's view model on a real project with more proposals than one page. */
class ReviewGridViewModelTest {

    @TempDir
    Path temp;

    private Project project;
    private final RecordingNotifier notifier = new RecordingNotifier();
    private int changes;
    private ReviewGridViewModel grid;
    private Category busiest;

    @BeforeEach
    void createProject() {
        project = TestProjects.labelsOnlyProject(temp, 2000);
        long version = TestProjects.insertModelVersion(project, null, "demo-tiny-clip", null);
        TestProjects.suggestFromGroundTruth(project, version);
        busiest = busiestCategory();
        grid = new ReviewGridViewModel(UiExecutors.sameThread(), project, "alice", notifier, () -> changes++);
        grid.start(busiest);
    }

    @AfterEach
    void close() {
        project.close();
    }

    @Test
    void pageShowsMostConfidentFirst() {
        assertThat(grid.categoryProperty().get()).isEqualTo(busiest);
        assertThat(grid.tiles()).hasSize(ReviewGridViewModel.PAGE_SIZE);
        double previous = 1;
        for (ReviewTile tile : grid.tiles()) {
            assertThat(tile.suggestion().categoryId()).isEqualTo(busiest.id());
            assertThat(tile.suggestion().probability()).isLessThanOrEqualTo(previous).isGreaterThanOrEqualTo(0.5);
            previous = tile.suggestion().probability();
        }
        assertThat(grid.focusIndexProperty().get()).isZero();
    }

    @Test
    void acceptPageLabelsEveryImageButRejected() {
        List<ReviewTile> page = new ArrayList<>(grid.tiles());
        grid.moveFocus(2);
        grid.rejectFocused();
        grid.reject(7);

        grid.acceptPage();

        for (int i = 0; i < page.size(); i++) {
            Label stored = label(page.get(i));
            LabelSource expected = i == 2 || i == 7 ? LabelSource.REJECTED_SUGGESTION : LabelSource.ACCEPTED_SUGGESTION;
            assertThat(stored.source()).as("tile %d", i).isEqualTo(expected);
            assertThat(actorOf(stored)).isEqualTo("alice");
        }
        assertThat(grid.acceptedProperty().get()).isEqualTo(ReviewGridViewModel.PAGE_SIZE - 2);
        assertThat(grid.rejectedProperty().get()).isEqualTo(2);
        assertThat(changes).isEqualTo(3);
    }

    @Test
    void nextPageFollowsWithNewImages() {
        Set<Long> first = ids(grid.tiles());

        grid.acceptPage();

        assertThat(grid.tiles()).isNotEmpty();
        Set<Long> second = ids(grid.tiles());
        second.retainAll(first);
        assertThat(second).isEmpty();
        assertThat(grid.focusIndexProperty().get()).isZero();
    }

    @Test
    void possibleErrorsSelectionIsEmptyWithoutThem() {
        grid.selectionProperty().set(ReviewSelection.POSSIBLE_ERRORS);

        assertThat(grid.tiles()).isEmpty();
        assertThat(grid.focusIndexProperty().get()).isEqualTo(-1);
    }

    @Test
    void rejectingTwiceWritesOnce() {
        ReviewTile tile = grid.tiles().get(0);

        grid.reject(0);
        grid.reject(0);

        assertThat(label(tile).source()).isEqualTo(LabelSource.REJECTED_SUGGESTION);
        assertThat(grid.rejectedProperty().get()).isEqualTo(1);
        assertThat(notifier.errors).isEmpty();
    }

    private Category busiestCategory() {
        List<Category> categories = project.database().read(connection ->
                new CategoryRepository(connection).findAllCategories());
        Category best = null;
        long most = -1;
        for (Category category : categories) {
            long count = project.database().read(connection -> new org.regiontag.db.repo.BrowseRepository(connection)
                    .findPendingSuggestionsByCategory(category.id(), ReviewSelection.PROPOSED_POSITIVE, 1000)).size();
            if (count > most) {
                most = count;
                best = category;
            }
        }
        assertThat(most).as("proposals of the busiest category").isGreaterThan(2L * ReviewGridViewModel.PAGE_SIZE);
        return best;
    }

    private Label label(ReviewTile tile) {
        return project.database().read(connection -> new LabelRepository(connection)
                .findLabel(tile.suggestion().imageId(), tile.suggestion().categoryId())).orElseThrow();
    }

    private static Set<Long> ids(List<ReviewTile> tiles) {
        Set<Long> ids = new HashSet<>();
        for (ReviewTile tile : tiles) {
            ids.add(tile.suggestion().id());
        }
        return ids;
    }

    private String actorOf(Label stored) {
        return project.database().read(connection -> new LabelBatchRepository(connection).findBatch(stored.batchId()))
                .orElseThrow().actor();
    }
}
