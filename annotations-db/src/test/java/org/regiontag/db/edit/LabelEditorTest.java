package org.regiontag.db.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.StoreFixture;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.BatchKind;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelBatch;
import org.regiontag.db.repo.LabelBatchRepository;
import org.regiontag.db.repo.LabelEvent;
import org.regiontag.db.repo.LabelEventRepository;
import org.regiontag.db.repo.LabelSource;
import org.regiontag.db.repo.UndoState;

class LabelEditorTest {

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
    void setCellWritesLabelAndEventTogether() {
        EditResult result = editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "mark cat");

        Label label = store.label(0, 0);
        assertThat(label.state()).isEqualTo(CellState.POSITIVE);
        assertThat(label.source()).isEqualTo(LabelSource.ANNOTATOR);
        assertThat(store.actorOf(label)).isEqualTo("ana");
        List<LabelEvent> events = eventsOf(result.batchId());
        assertThat(events).hasSize(1);
        assertThat(events.get(0).oldState()).isNull();
        assertThat(events.get(0).newState()).isEqualTo(CellState.POSITIVE);
        assertThat(events.get(0).actor()).isEqualTo("ana");
        assertThat(result.changed()).isEqualTo(1);
    }

    @Test
    void setCellToUnknownDeletesTheLabel() {
        store.importLabel(0, 0, CellState.NEGATIVE);

        EditResult result = editor.setCell(store.image(0), store.category(0), null, "ana", "clear");

        assertThat(store.label(0, 0)).isNull();
        LabelEvent event = eventsOf(result.batchId()).get(0);
        assertThat(event.oldState()).isEqualTo(CellState.NEGATIVE);
        assertThat(event.oldSource()).isEqualTo(LabelSource.IMPORTED);
        assertThat(event.newState()).isNull();
    }

    @Test
    void unchangedCellRecordsNoBatch() {
        editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "first");
        long batchesBefore = store.count("label_batch");

        EditResult again = editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "again");

        assertThat(again.recorded()).isFalse();
        assertThat(again.skipped()).isEqualTo(1);
        assertThat(store.count("label_batch")).isEqualTo(batchesBefore);
    }

    @Test
    void confirmingImportedValueChangesItsSource() {
        store.importLabel(0, 0, CellState.POSITIVE);

        editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "confirm");

        assertThat(store.label(0, 0).source()).isEqualTo(LabelSource.ANNOTATOR);
    }

    @Test
    void undoRestoresThePreviousLabelExactly() {
        store.importLabel(1, 1, CellState.NEGATIVE);
        Label imported = store.label(1, 1);
        editor.setCell(store.image(1), store.category(1), CellState.POSITIVE, "ana", "fix dog");

        EditResult undone = editor.undo("ana").orElseThrow();

        assertThat(store.label(1, 1)).isEqualTo(imported);
        assertThat(undone.changed()).isEqualTo(1);
        assertThat(undone.description()).isEqualTo("undo: fix dog");
    }

    @Test
    void undoOfNewLabelMakesCellUnknown() {
        editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "mark");

        editor.undo("ana");

        assertThat(store.label(0, 0)).isNull();
    }

    @Test
    void batchUndoesAsOne() {
        EditResult batch = editor.applyChanges(List.of(
                new CellChange(store.image(0), store.category(0), CellState.POSITIVE),
                new CellChange(store.image(1), store.category(0), CellState.NEGATIVE),
                new CellChange(store.image(2), store.category(1), CellState.POSITIVE)), "ana", "three cells");
        assertThat(batch.changed()).isEqualTo(3);

        EditResult undone = editor.undo("ana").orElseThrow();

        assertThat(undone.changed()).isEqualTo(3);
        assertThat(store.label(0, 0)).isNull();
        assertThat(store.label(1, 0)).isNull();
        assertThat(store.label(2, 1)).isNull();
    }

    @Test
    void repeatedCellInBatchKeepsLast() {
        editor.applyChanges(List.of(
                new CellChange(store.image(0), store.category(0), CellState.POSITIVE),
                new CellChange(store.image(0), store.category(0), CellState.NEGATIVE)), "ana", "twice");

        assertThat(store.label(0, 0).state()).isEqualTo(CellState.NEGATIVE);
        editor.undo("ana");
        assertThat(store.label(0, 0)).isNull();
    }

    @Test
    void undoTwiceRevertsTwoEditsNewestFirst() {
        editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "first");
        editor.setCell(store.image(0), store.category(0), CellState.NEGATIVE, "ana", "second");

        assertThat(editor.undo("ana").orElseThrow().description()).isEqualTo("undo: second");
        assertThat(store.label(0, 0).state()).isEqualTo(CellState.POSITIVE);
        assertThat(editor.undo("ana").orElseThrow().description()).isEqualTo("undo: first");
        assertThat(store.label(0, 0)).isNull();
        assertThat(editor.undo("ana")).isEmpty();
    }

    @Test
    void redoReappliesInReverseOrderOfUndo() {
        editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "first");
        editor.setCell(store.image(1), store.category(0), CellState.NEGATIVE, "ana", "second");
        Label second = store.label(1, 0);
        editor.undo("ana");
        editor.undo("ana");

        assertThat(editor.redo("bo").orElseThrow().description()).isEqualTo("redo: first");
        assertThat(store.label(0, 0).state()).isEqualTo(CellState.POSITIVE);
        assertThat(store.label(1, 0)).isNull();
        assertThat(editor.redo("bo").orElseThrow().description()).isEqualTo("redo: second");
        assertThat(store.label(1, 0)).isEqualTo(second);
        assertThat(editor.redo("bo")).isEmpty();
    }

    @Test
    void newEditClearsTheRedoStack() {
        editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "first");
        editor.undo("ana");

        editor.setCell(store.image(2), store.category(1), CellState.NEGATIVE, "ana", "other");

        assertThat(editor.redo("ana")).isEmpty();
        assertThat(store.label(0, 0)).isNull();
    }

    @Test
    void undoAndRedoAreRecordedInHistory() {
        EditResult edit = editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "mark");
        EditResult undo = editor.undo("bo").orElseThrow();
        EditResult redo = editor.redo("cy").orElseThrow();

        List<LabelEvent> history = store.read(connection -> new LabelEventRepository(connection)
                .findEventsByCell(store.image(0), store.category(0)));
        assertThat(history).extracting(LabelEvent::reason).containsExactly("edit", "undo", "redo");
        assertThat(history).extracting(LabelEvent::actor).containsExactly("ana", "bo", "cy");
        assertThat(history.get(1).newState()).isNull();
        assertThat(history.get(2).newState()).isEqualTo(CellState.POSITIVE);

        LabelBatch undoBatch = store.read(connection -> new LabelBatchRepository(connection)
                .findBatch(undo.batchId()).orElseThrow());
        assertThat(undoBatch.kind()).isEqualTo(BatchKind.UNDO);
        assertThat(undoBatch.targetId()).isEqualTo(edit.batchId());
        LabelBatch editBatch = store.read(connection -> new LabelBatchRepository(connection)
                .findBatch(edit.batchId()).orElseThrow());
        assertThat(editBatch.undoState()).isEqualTo(UndoState.DONE);
        assertThat(redo.changed()).isEqualTo(1);
    }

    @Test
    void redoRestoresOriginalActorAndTime() {
        editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "mark");
        Label original = store.label(0, 0);
        editor.undo("bo");

        editor.redo("cy");

        assertThat(store.label(0, 0)).isEqualTo(original);
    }

    @Test
    void undoSkipsCellChangedSinceByAnotherWriter() {
        editor.setCell(store.image(0), store.category(0), CellState.POSITIVE, "ana", "mark");
        store.importLabel(0, 0, CellState.NEGATIVE);

        EditResult undone = editor.undo("ana").orElseThrow();

        assertThat(undone.changed()).isZero();
        assertThat(undone.skipped()).isEqualTo(1);
        assertThat(store.label(0, 0).state()).isEqualTo(CellState.NEGATIVE);
    }

    @Test
    void findCellByRelativePathAndName() {
        Cell cell = editor.findCell("img1.jpg", "dog");

        assertThat(cell.imageId()).isEqualTo(store.image(1));
        assertThat(cell.categoryId()).isEqualTo(store.category(1));
    }

    @Test
    void findCellAcceptsAbsolutePathAndBackslashes() {
        Cell byAbsolute = editor.findCell(temp.resolve("images/img2.jpg").toString(), "cat");
        Cell byBackslash = editor.findCell(".\\img2.jpg", "cat");

        assertThat(byAbsolute.imageId()).isEqualTo(store.image(2));
        assertThat(byBackslash.imageId()).isEqualTo(store.image(2));
    }

    @Test
    void unknownCategoryListsKnownOnes() {
        assertThatThrownBy(() -> editor.findCell("img1.jpg", "Dog"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("no category 'Dog' in the project; the categories are: cat, dog");
    }

    @Test
    void findCellRejectsUnknownImage() {
        assertThatThrownBy(() -> editor.findCell("nope.jpg", "dog"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("no image 'nope.jpg' in the project");
    }

    private List<LabelEvent> eventsOf(long batchId) {
        return store.read(connection -> new LabelEventRepository(connection).findEventsByBatch(batchId));
    }
}
