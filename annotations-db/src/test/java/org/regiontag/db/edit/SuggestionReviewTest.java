package org.regiontag.db.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.StoreFixture;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.LabelEvent;
import org.regiontag.db.repo.LabelEventRepository;
import org.regiontag.db.repo.LabelSource;
import org.regiontag.db.repo.ModelVersionRepository;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.Suggestion;
import org.regiontag.db.repo.SuggestionDraft;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.db.repo.SuggestionStatus;

class SuggestionReviewTest {

    @TempDir
    Path temp;

    private StoreFixture store;
    private LabelEditor editor;

    @BeforeEach
    void createStore() {
        store = StoreFixture.withImagesAndCategories(temp, 3, "cat", "dog");
        editor = new LabelEditor(store.database);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void acceptWritesProposedStateWithProvenance() {
        long version = newVersion();
        suggest(version, draft(0, 0, ProposedState.POSITIVE));

        EditResult result = editor.acceptSuggestion(store.image(0), store.category(0), "ana");

        assertThat(store.label(0, 0).state()).isEqualTo(CellState.POSITIVE);
        assertThat(store.label(0, 0).source()).isEqualTo(LabelSource.ACCEPTED_SUGGESTION);
        assertThat(store.actorOf(store.label(0, 0))).isEqualTo("ana");
        Suggestion decided = suggestion(0, 0, version);
        assertThat(decided.status()).isEqualTo(SuggestionStatus.ACCEPTED);
        assertThat(decided.decidedBy()).isEqualTo("ana");
        LabelEvent event = store.read(connection -> new LabelEventRepository(connection)
                .findEventsByBatch(result.batchId())).get(0);
        assertThat(event.suggestionId()).isEqualTo(decided.id());
        assertThat(event.newSource()).isEqualTo(LabelSource.ACCEPTED_SUGGESTION);
    }

    @Test
    void rejectWritesTheOppositeState() {
        long version = newVersion();
        suggest(version, draft(1, 1, ProposedState.POSITIVE));

        editor.rejectSuggestion(store.image(1), store.category(1), "ana");

        assertThat(store.label(1, 1).state()).isEqualTo(CellState.NEGATIVE);
        assertThat(store.label(1, 1).source()).isEqualTo(LabelSource.REJECTED_SUGGESTION);
        assertThat(suggestion(1, 1, version).status()).isEqualTo(SuggestionStatus.REJECTED);
    }

    @Test
    void acceptMayCorrectAnImportedLabel() {
        store.importLabel(0, 1, CellState.POSITIVE);
        long version = newVersion();
        suggest(version, new SuggestionDraft(store.image(0), store.category(1), 0.02, null, null,
                ProposedState.NEGATIVE, 0.9, true));

        editor.acceptSuggestion(store.image(0), store.category(1), "ana");

        assertThat(store.label(0, 1).state()).isEqualTo(CellState.NEGATIVE);
    }

    @Test
    void acceptNeverOverridesHumanDecision() {
        long version = newVersion();
        suggest(version, draft(0, 0, ProposedState.POSITIVE));
        editor.setCell(store.image(0), store.category(0), CellState.NEGATIVE, "bo", "set");

        assertThatThrownBy(() -> editor.acceptSuggestion(store.image(0), store.category(0), "ana"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("a person already decided 'cat' on img0.jpg (negative, annotator by bo)");
        assertThat(store.label(0, 0).state()).isEqualTo(CellState.NEGATIVE);
        assertThat(suggestion(0, 0, version).status()).isEqualTo(SuggestionStatus.PENDING);
    }

    @Test
    void acceptWithoutPendingSuggestionFails() {
        assertThatThrownBy(() -> editor.acceptSuggestion(store.image(2), store.category(1), "ana"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("no pending suggestion for 'dog' on img2.jpg; run 'regiontag suggest DIR' first,"
                        + " or set the label directly");
    }

    @Test
    void suggestionWithoutProposedStateCannotBeAccepted() {
        suggest(newVersion(), draft(2, 0, ProposedState.NONE));

        assertThatThrownBy(() -> editor.rejectSuggestion(store.image(2), store.category(0), "ana"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("proposes no state");
    }

    @Test
    void newVersionSupersedesPendingSuggestions() {
        long first = newVersion();
        suggest(first, draft(0, 0, ProposedState.POSITIVE), draft(1, 0, ProposedState.NEGATIVE));
        long second = newVersion();

        int stored = suggest(second, draft(0, 0, ProposedState.NEGATIVE));

        assertThat(stored).isEqualTo(1);
        assertThat(suggestion(0, 0, first).status()).isEqualTo(SuggestionStatus.SUPERSEDED);
        assertThat(suggestion(1, 0, first).status()).isEqualTo(SuggestionStatus.SUPERSEDED);
        assertThat(pendingFor(0, 0).modelVersionId()).isEqualTo(second);
    }

    @Test
    void replacingSameVersionKeepsDecisions() {
        long version = newVersion();
        suggest(version, draft(0, 0, ProposedState.POSITIVE), draft(1, 0, ProposedState.POSITIVE));
        editor.acceptSuggestion(store.image(0), store.category(0), "ana");

        suggest(version, draft(0, 0, ProposedState.POSITIVE), draft(1, 0, ProposedState.NEGATIVE));

        assertThat(suggestion(0, 0, version).status()).isEqualTo(SuggestionStatus.ACCEPTED);
        assertThat(pendingFor(1, 0).proposedState()).isEqualTo(ProposedState.NEGATIVE);
    }

    @Test
    void draftsForHumanDecisionsAreSkipped() {
        editor.setCell(store.image(2), store.category(1), CellState.POSITIVE, "bo", "set");

        int stored = suggest(newVersion(), draft(2, 1, ProposedState.NEGATIVE), draft(2, 0, ProposedState.NEGATIVE));

        assertThat(stored).isEqualTo(1);
        Optional<Suggestion> pending = store.read(connection -> new SuggestionRepository(connection)
                .findPendingSuggestion(store.image(2), store.category(1)));
        assertThat(pending).isEmpty();
    }

    @Test
    void pendingListHidesCellsDecidedByAPerson() {
        suggest(newVersion(), draft(0, 0, ProposedState.POSITIVE), draft(1, 1, ProposedState.POSITIVE));
        editor.setCell(store.image(0), store.category(0), CellState.NEGATIVE, "bo", "set");

        List<Suggestion> pending = store.read(connection -> new SuggestionRepository(connection)
                .findPendingSuggestions(10));

        assertThat(pending).extracting(Suggestion::imageId).containsExactly(store.image(1));
    }

    @Test
    void pendingListIsOrderedByInformativeness() {
        suggest(newVersion(),
                new SuggestionDraft(store.image(0), store.category(0), 0.5, 0.1, 0.2, ProposedState.NONE, 0.3, false),
                new SuggestionDraft(store.image(1), store.category(0), 0.5, 0.1, 0.2, ProposedState.NONE, 0.9, false),
                new SuggestionDraft(store.image(2), store.category(0), 0.5, 0.1, 0.2, ProposedState.NONE, 0.6, false));

        List<Suggestion> pending = store.read(connection -> new SuggestionRepository(connection)
                .findPendingSuggestions(2));

        assertThat(pending).extracting(Suggestion::imageId).containsExactly(store.image(1), store.image(2));
    }

    @Test
    void undoOfAcceptMakesSuggestionPendingAgain() {
        long version = newVersion();
        suggest(version, draft(0, 0, ProposedState.POSITIVE));
        editor.acceptSuggestion(store.image(0), store.category(0), "ana");

        editor.undo("ana");

        assertThat(store.label(0, 0)).isNull();
        assertThat(suggestion(0, 0, version).status()).isEqualTo(SuggestionStatus.PENDING);
        editor.redo("ana");
        assertThat(store.label(0, 0).source()).isEqualTo(LabelSource.ACCEPTED_SUGGESTION);
        assertThat(suggestion(0, 0, version).status()).isEqualTo(SuggestionStatus.ACCEPTED);
    }

    @Test
    void acceptingSeveralSuggestionsIsOneBatch() {
        long version = newVersion();
        suggest(version, draft(0, 0, ProposedState.POSITIVE), draft(0, 1, ProposedState.NEGATIVE),
                draft(1, 0, ProposedState.NONE));
        List<Long> ids = store.read(connection -> new SuggestionRepository(connection).findPendingSuggestions(10))
                .stream().map(Suggestion::id).toList();

        EditResult result = editor.decideSuggestions(ids, true, "ana", "accept all on img0.jpg");

        assertThat(result.changed()).isEqualTo(2);
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(store.label(0, 0).state()).isEqualTo(CellState.POSITIVE);
        assertThat(store.label(0, 1).state()).isEqualTo(CellState.NEGATIVE);
        editor.undo("ana");
        assertThat(store.label(0, 0)).isNull();
        assertThat(store.label(0, 1)).isNull();
    }

    private long newVersion() {
        return store.database.inTransaction(connection -> new ModelVersionRepository(connection)
                .insertModelVersion(null, "clip-test", "{\"steps\": 10}", null, "v.safetensors", store.database.now()));
    }

    private SuggestionDraft draft(int image, int category, ProposedState proposed) {
        double probability = proposed == ProposedState.POSITIVE ? 0.95 : 0.05;
        return new SuggestionDraft(store.image(image), store.category(category), probability, 0.4, 0.3, proposed,
                0.5, false);
    }

    private int suggest(long version, SuggestionDraft... drafts) {
        return store.database.inTransaction(connection -> new SuggestionRepository(connection)
                .replaceSuggestionsForVersion(version, List.of(drafts), store.database.now()));
    }

    private Suggestion pendingFor(int image, int category) {
        return store.read(connection -> new SuggestionRepository(connection)
                .findPendingSuggestion(store.image(image), store.category(category)).orElseThrow());
    }

    private Suggestion suggestion(int image, int category, long version) {
        return store.read(connection -> {
            try (var select = connection.prepareStatement("SELECT id FROM suggestion"
                    + " WHERE image_id = ? AND category_id = ? AND model_version_id = ?")) {
                select.setLong(1, store.image(image));
                select.setLong(2, store.category(category));
                select.setLong(3, version);
                try (var row = select.executeQuery()) {
                    row.next();
                    return new SuggestionRepository(connection).findSuggestion(row.getLong(1)).orElseThrow();
                }
            }
        });
    }
}
