package org.regiontag.db.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.StoreFixture;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.Split;

class BrowseRepositoryTest {

    @TempDir
    Path temp;

    private StoreFixture store;
    private long version;

    @BeforeEach
    void createStore() {
        store = StoreFixture.withImagesAndCategories(temp, 5, "cat", "dog");
        version = store.database.inTransaction(connection -> new ModelVersionRepository(connection)
                .insertModelVersion(null, "clip-test", "{}", null, "v1.safetensors", store.database.now()));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void allImagesInIdOrder() {
        assertThat(ids(ImageQuery.all())).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void unknownForCategoryLeavesOutKnownCells() {
        store.importLabel(0, 0, CellState.POSITIVE);
        store.importLabel(2, 0, CellState.NEGATIVE);
        store.importLabel(1, 1, CellState.NEGATIVE);

        long[] ids = ids(new ImageQuery(null, store.category(0), false, false, ImageQuery.ImageOrder.ID));

        assertThat(ids).containsExactly(store.image(1), store.image(3), store.image(4));
    }

    @Test
    void splitFilterKeepsOneSplit() {
        store.database.inTransaction(connection -> {
            ImageRepository images = new ImageRepository(connection);
            ImageRecord second = images.findImageById(store.image(1)).orElseThrow();
            images.updateImages(List.of(new ImageRecord(second.id(), second.rootId(), second.path(), 0, 0, null, 1,
                    Split.VAL, ImageStatus.MISSING, "no file")));
            return null;
        });

        assertThat(ids(new ImageQuery(Split.VAL, null, false, false, ImageQuery.ImageOrder.ID)))
                .containsExactly(store.image(1));
        assertThat(ids(new ImageQuery(Split.TRAIN, null, false, false, ImageQuery.ImageOrder.ID))).hasSize(4);
    }

    @Test
    void pendingSuggestionFilterHidesPersonDecisions() {
        suggest(draft(1, 0, 0.9, 0.2, false), draft(3, 1, 0.8, 0.5, false));
        new LabelEditor(store.database).setCell(store.image(3), store.category(1), CellState.NEGATIVE, "ann", "set");

        long[] ids = ids(new ImageQuery(null, null, true, false, ImageQuery.ImageOrder.ID));

        assertThat(ids).containsExactly(store.image(1));
    }

    @Test
    void possibleErrorFilterKeepsDisagreements() {
        store.importLabel(2, 0, CellState.NEGATIVE);
        suggest(draft(1, 0, 0.9, 0.2, false), draft(2, 0, 0.95, 0.4, true));

        long[] ids = ids(new ImageQuery(null, null, false, true, ImageQuery.ImageOrder.ID));

        assertThat(ids).containsExactly(store.image(2));
    }

    @Test
    void informativenessOrderPutsHighestFirst() {
        suggest(draft(1, 0, 0.6, 0.2, false), draft(3, 0, 0.5, 0.9, false), draft(3, 1, 0.5, 0.1, false),
                draft(4, 1, 0.7, 0.5, false));

        long[] ids = ids(new ImageQuery(null, null, false, false, ImageQuery.ImageOrder.INFORMATIVENESS));

        assertThat(ids).containsExactly(store.image(3), store.image(4), store.image(1), store.image(0),
                store.image(2));
    }

    @Test
    void summariesCountKnownCellsAndPendingSuggestions() {
        store.importLabel(0, 0, CellState.POSITIVE);
        store.importLabel(0, 1, CellState.NEGATIVE);
        store.importLabel(1, 1, CellState.NEGATIVE);
        suggest(draft(1, 0, 0.9, 0.2, false), draft(1, 1, 0.9, 0.3, true));

        List<ImageSummary> summaries = store.read(connection -> new BrowseRepository(connection)
                .findImageSummaries(List.of(store.image(1), store.image(0), 999L)));

        assertThat(summaries).extracting(ImageSummary::id).containsExactly(store.image(1), store.image(0));
        ImageSummary second = summaries.get(0);
        assertThat(second.path()).isEqualTo("img1.jpg");
        assertThat(second.status()).isEqualTo(ImageStatus.MISSING);
        assertThat(second.knownCells()).isEqualTo(1);
        assertThat(second.pendingSuggestions()).isEqualTo(2);
        assertThat(second.possibleErrors()).isEqualTo(1);
        assertThat(summaries.get(1).knownCells()).isEqualTo(2);
        assertThat(summaries.get(1).pendingSuggestions()).isZero();
    }

    @Test
    void summariesRejectTooManyIds() {
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= BrowseRepository.MAX_IDS_PER_QUERY + 1; id++) {
            ids.add(id);
        }

        assertThatThrownBy(() -> store.read(connection -> new BrowseRepository(connection).findImageSummaries(ids)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1000");
    }

    @Test
    void categoryReviewOrdersByConfidence() {
        store.importLabel(4, 0, CellState.NEGATIVE);
        suggest(draft(0, 0, 0.7, 0.1, false), draft(1, 0, 0.95, 0.1, false), draft(2, 0, 0.2, 0.1, false),
                draft(3, 1, 0.99, 0.1, false), new SuggestionDraft(store.image(4), store.category(0), 0.97, null,
                        null, ProposedState.POSITIVE, 0.3, true));

        List<Suggestion> positive = store.read(connection -> new BrowseRepository(connection)
                .findPendingSuggestionsByCategory(store.category(0), ReviewSelection.PROPOSED_POSITIVE, 10));
        List<Suggestion> errors = store.read(connection -> new BrowseRepository(connection)
                .findPendingSuggestionsByCategory(store.category(0), ReviewSelection.POSSIBLE_ERRORS, 10));

        assertThat(positive).extracting(Suggestion::imageId)
                .containsExactly(store.image(4), store.image(1), store.image(0));
        assertThat(errors).extracting(Suggestion::imageId).containsExactly(store.image(4));
    }

    @Test
    void categoryReviewRespectsLimit() {
        suggest(draft(0, 0, 0.7, 0.1, false), draft(1, 0, 0.95, 0.1, false), draft(2, 0, 0.8, 0.1, false));

        List<Suggestion> page = store.read(connection -> new BrowseRepository(connection)
                .findPendingSuggestionsByCategory(store.category(0), ReviewSelection.PROPOSED_POSITIVE, 2));

        assertThat(page).extracting(Suggestion::probability).containsExactly(0.95, 0.8);
    }

    @Test
    void completenessCountsCells() {
        store.importLabel(0, 0, CellState.POSITIVE);
        store.importLabel(1, 1, CellState.NEGATIVE);
        suggest(draft(2, 0, 0.7, 0.1, false));

        Completeness completeness = store.read(connection -> new BrowseRepository(connection).findCompleteness());

        assertThat(completeness).isEqualTo(new Completeness(5, 2, 2, 1));
        assertThat(completeness.cells()).isEqualTo(10);
        assertThat(completeness.knownFraction()).isEqualTo(0.2);
    }

    @Test
    void latestSuggestionsIncludeDecidedOnes() {
        suggest(draft(0, 0, 0.9, 0.2, false), draft(0, 1, 0.3, 0.2, false));
        new LabelEditor(store.database).acceptSuggestion(store.image(0), store.category(0), "ann");
        long newer = store.database.inTransaction(connection -> new ModelVersionRepository(connection)
                .insertModelVersion(version, "clip-test", "{}", null, "v2.safetensors", store.database.now()));
        store.database.inTransaction(connection -> new SuggestionRepository(connection)
                .replaceSuggestionsForVersion(newer, List.of(draft(0, 1, 0.1, 0.2, false)), store.database.now()));

        List<Suggestion> latest = store.read(connection -> new BrowseRepository(connection)
                .findLatestSuggestionsByImage(store.image(0)));

        assertThat(latest).hasSize(2);
        assertThat(latest.get(0).categoryId()).isEqualTo(store.category(0));
        assertThat(latest.get(0).status()).isEqualTo(SuggestionStatus.ACCEPTED);
        assertThat(latest.get(1).modelVersionId()).isEqualTo(newer);
        assertThat(latest.get(1).probability()).isEqualTo(0.1);
    }

    @Test
    void labelEventsByImageOldestFirst() {
        LabelEditor editor = new LabelEditor(store.database);
        editor.setCell(store.image(1), store.category(0), CellState.POSITIVE, "ann", "first");
        editor.setCell(store.image(1), store.category(1), CellState.NEGATIVE, "ann", "second");
        editor.setCell(store.image(2), store.category(0), CellState.NEGATIVE, "ann", "other image");
        editor.setCell(store.image(1), store.category(0), null, "bob", "third");

        List<LabelEvent> events = store.read(connection -> new BrowseRepository(connection)
                .findLabelEventsByImage(store.image(1)));

        assertThat(events).extracting(LabelEvent::categoryId)
                .containsExactly(store.category(0), store.category(1), store.category(0));
        assertThat(events.get(2).oldState()).isEqualTo(CellState.POSITIVE);
        assertThat(events.get(2).newState()).isNull();
        assertThat(events.get(2).actor()).isEqualTo("bob");
    }

    private long[] ids(ImageQuery query) {
        return store.read(connection -> new BrowseRepository(connection).findImageIds(query));
    }

    /** A positive proposal when the probability is at least one half, else a negative one. */
    private SuggestionDraft draft(int image, int category, double probability, double informativeness,
            boolean possibleError) {
        ProposedState proposed = probability >= 0.5 ? ProposedState.POSITIVE : ProposedState.NEGATIVE;
        return new SuggestionDraft(store.image(image), store.category(category), probability, null, null, proposed,
                informativeness, possibleError);
    }

    private void suggest(SuggestionDraft... drafts) {
        store.database.inTransaction(connection -> new SuggestionRepository(connection)
                .replaceSuggestionsForVersion(version, List.of(drafts), store.database.now()));
    }
}
