package org.regiontag.db.edit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.regiontag.db.Database;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.ImagePaths;
import org.regiontag.db.repo.BatchKind;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.DatasetRoot;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelBatch;
import org.regiontag.db.repo.LabelBatchRepository;
import org.regiontag.db.repo.LabelEvent;
import org.regiontag.db.repo.LabelEventRepository;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.LabelSource;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.Suggestion;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.db.repo.SuggestionStatus;

/**
 * Every change a person makes to the working labels, with its history, and undo and redo.
 *
 * <p>Each action is one write transaction that changes the label rows, appends one history event per
 * changed cell and records the batch they belong to. An action on many cells (accepting all
 * suggestions of an image) is one batch and undoes as one. Undo reverts the newest edit still
 * applied, and redo re-applies the edit undone last. Both are recorded in the history as batches of
 * their own, and any new edit clears the redo stack. Imports are not on the undo stack.
 *
 * <p>Undo and redo restore each cell only when it still holds what the edit left (for undo) or what
 * it found (for redo); a cell that something else changed meanwhile, such as a re-import, is left
 * alone and counted as skipped.
 */
public final class LabelEditor {

    private static final String REASON_EDIT = "edit";
    private static final String REASON_ACCEPT = "accept suggestion";
    private static final String REASON_REJECT = "reject suggestion";
    private static final String REASON_UNDO = "undo";
    private static final String REASON_REDO = "redo";

    /** Categories named in a "no such category" message at most. */
    private static final int MAX_NAMES_IN_MESSAGE = 20;

    private final Database database;

    public LabelEditor(Database database) {
        this.database = database;
    }

    /**
     * Finds the cell of an image and a category by the names a person gives.
     *
     * @param imagePath the image's path relative to its dataset root (as exports write it), or the
     *     absolute path of its file
     * @param categoryName the category's exact name
     * @throws UserInputException when either is not in the project, or the relative path is under
     *     several roots
     */
    public Cell findCell(String imagePath, String categoryName) {
        return database.read(connection -> {
            Category category = findCategory(connection, categoryName);
            ImageRecord image = findImage(connection, imagePath);
            return new Cell(image.id(), category.id(), image.path(), category.name());
        });
    }

    /** Sets one cell as an annotator, as one undoable batch. */
    public EditResult setCell(long imageId, long categoryId, CellState newState, String actor, String description) {
        return applyChanges(List.of(new CellChange(imageId, categoryId, newState)), actor, description);
    }

    /**
     * Applies an annotator's changes of several cells as one undoable batch; the last change of a
     * cell that appears twice wins. Changes that would leave a cell as it is are skipped, and when
     * nothing changes no batch is recorded and the redo stack stays.
     */
    public EditResult applyChanges(List<CellChange> changes, String actor, String description) {
        Map<List<Long>, CellChange> lastChangeByCell = new LinkedHashMap<>();
        for (CellChange change : changes) {
            lastChangeByCell.put(List.of(change.imageId(), change.categoryId()), change);
        }

        return database.inTransaction(connection -> {
            LabelRepository labels = new LabelRepository(connection);
            String now = database.now();
            List<Label> before = new ArrayList<>();
            List<CellChange> effective = new ArrayList<>();
            for (CellChange change : lastChangeByCell.values()) {
                Label current = labels.findLabel(change.imageId(), change.categoryId()).orElse(null);
                LabelSource newSource = change.newState() == null ? null : LabelSource.ANNOTATOR;
                if (!sameValue(current, change.newState(), newSource)) {
                    before.add(current);
                    effective.add(change);
                }
            }
            int skipped = lastChangeByCell.size() - effective.size();
            if (effective.isEmpty()) {
                return new EditResult(0, description, 0, skipped);
            }

            long batchId = startEdit(connection, description, actor, now);
            List<LabelEvent> events = new ArrayList<>(effective.size());
            for (int i = 0; i < effective.size(); i++) {
                CellChange change = effective.get(i);
                LabelSource newSource = change.newState() == null ? null : LabelSource.ANNOTATOR;
                writeLabel(labels, change.imageId(), change.categoryId(), change.newState(), newSource, batchId);
                events.add(LabelEvent.between(batchId, change.imageId(), change.categoryId(), before.get(i),
                        change.newState(), newSource, null, actor, REASON_EDIT, now));
            }
            new LabelEventRepository(connection).insertLabelEvents(events);
            return new EditResult(batchId, description, effective.size(), skipped);
        });
    }

    /**
     * Accepts the cell's pending suggestion: the cell gets the proposed state with source
     * {@code accepted_suggestion}.
     *
     * @throws UserInputException when the cell has no pending suggestion, the suggestion proposes
     *     no state, or a person already decided the cell
     */
    public EditResult acceptSuggestion(long imageId, long categoryId, String actor) {
        return decideSuggestion(imageId, categoryId, true, actor);
    }

    /**
     * Rejects the cell's pending suggestion: the cell gets the opposite of the proposed state with
     * source {@code rejected_suggestion}.
     *
     * @throws UserInputException as {@link #acceptSuggestion} does
     */
    public EditResult rejectSuggestion(long imageId, long categoryId, String actor) {
        return decideSuggestion(imageId, categoryId, false, actor);
    }

    /**
     * Accepts or rejects several suggestions as one undoable batch, such as all confident ones of an
     * image. Suggestions that are no longer pending, propose no state, or whose cell a person
     * decided are skipped.
     */
    public EditResult decideSuggestions(List<Long> suggestionIds, boolean accept, String actor, String description) {
        return database.inTransaction(connection -> {
            SuggestionRepository suggestions = new SuggestionRepository(connection);
            LabelRepository labels = new LabelRepository(connection);
            List<Suggestion> decidable = new ArrayList<>();
            List<Label> before = new ArrayList<>();
            for (long id : suggestionIds) {
                Optional<Suggestion> found = suggestions.findSuggestion(id);
                if (found.isEmpty() || found.get().status() != SuggestionStatus.PENDING
                        || found.get().proposedState() == ProposedState.NONE) {
                    continue;
                }
                Suggestion suggestion = found.get();
                Label current = labels.findLabel(suggestion.imageId(), suggestion.categoryId()).orElse(null);
                if (current != null && current.source().isHumanDecision()) {
                    continue;
                }
                decidable.add(suggestion);
                before.add(current);
            }
            int skipped = suggestionIds.size() - decidable.size();
            if (decidable.isEmpty()) {
                return new EditResult(0, description, 0, skipped);
            }

            String now = database.now();
            long batchId = startEdit(connection, description, actor, now);
            List<LabelEvent> events = new ArrayList<>();
            for (int i = 0; i < decidable.size(); i++) {
                events.add(applyDecision(connection, batchId, decidable.get(i), before.get(i), accept, actor, now));
            }
            new LabelEventRepository(connection).insertLabelEvents(events);
            return new EditResult(batchId, description, decidable.size(), skipped);
        });
    }

    /** Undoes the newest edit still applied; empty when there is nothing to undo. */
    public Optional<EditResult> undo(String actor) {
        return database.inTransaction(connection -> {
            LabelBatchRepository batches = new LabelBatchRepository(connection);
            Optional<LabelBatch> edit = batches.findLastDoneEdit();
            if (edit.isEmpty()) {
                return Optional.empty();
            }

            String now = database.now();
            String description = Messages.format("undo.description", edit.get().description());
            long undoId = batches.insertBatch(BatchKind.UNDO, description, actor, now, edit.get().id());
            List<LabelEvent> original = new LabelEventRepository(connection).findEventsByBatch(edit.get().id());
            List<LabelEvent> reverted = new ArrayList<>();
            // Newest change first, so a cell changed twice in one batch ends at its first old value.
            for (int i = original.size() - 1; i >= 0; i--) {
                LabelEvent event = original.get(i);
                revert(connection, undoId, event, actor, now).ifPresent(reverted::add);
            }
            new LabelEventRepository(connection).insertLabelEvents(reverted);
            batches.updateEditUndone(edit.get().id(), undoId);
            return Optional.of(new EditResult(undoId, description, reverted.size(),
                    original.size() - reverted.size()));
        });
    }

    /** Re-applies the edit undone most recently; empty when there is nothing to redo. */
    public Optional<EditResult> redo(String actor) {
        return database.inTransaction(connection -> {
            LabelBatchRepository batches = new LabelBatchRepository(connection);
            Optional<LabelBatch> edit = batches.findLastUndoneEdit();
            if (edit.isEmpty()) {
                return Optional.empty();
            }

            String now = database.now();
            String description = Messages.format("redo.description", edit.get().description());
            long redoId = batches.insertBatch(BatchKind.REDO, description, actor, now, edit.get().id());
            List<LabelEvent> original = new LabelEventRepository(connection).findEventsByBatch(edit.get().id());
            List<LabelEvent> reapplied = new ArrayList<>();
            for (LabelEvent event : original) {
                reapply(connection, redoId, event, actor, now).ifPresent(reapplied::add);
            }
            new LabelEventRepository(connection).insertLabelEvents(reapplied);
            batches.updateEditRedone(edit.get().id());
            return Optional.of(new EditResult(redoId, description, reapplied.size(),
                    original.size() - reapplied.size()));
        });
    }

    private EditResult decideSuggestion(long imageId, long categoryId, boolean accept, String actor) {
        return database.inTransaction(connection -> {
            String cell = describeCell(connection, imageId, categoryId);
            Suggestion suggestion = new SuggestionRepository(connection).findPendingSuggestion(imageId, categoryId)
                    .orElseThrow(() -> new UserInputException(Messages.format("suggestion.nonePending", cell)));
            if (suggestion.proposedState() == ProposedState.NONE) {
                throw new UserInputException(Messages.format("suggestion.proposesNothing", cell));
            }
            Label current = new LabelRepository(connection).findLabel(imageId, categoryId).orElse(null);
            if (current != null && current.source().isHumanDecision()) {
                String decidedBy = new LabelBatchRepository(connection).findBatch(current.batchId())
                        .map(LabelBatch::actor).orElse("?");
                throw new UserInputException(Messages.format("suggestion.humanDecision", cell,
                        current.state().storeName(), current.source().storeName(), decidedBy));
            }

            String now = database.now();
            String description = Messages.format(accept ? "accept.description" : "reject.description", cell);
            long batchId = startEdit(connection, description, actor, now);
            LabelEvent event = applyDecision(connection, batchId, suggestion, current, accept, actor, now);
            new LabelEventRepository(connection).insertLabelEvents(List.of(event));
            return new EditResult(batchId, description, 1, 0);
        });
    }

    private LabelEvent applyDecision(Connection connection, long batchId, Suggestion suggestion, Label current,
            boolean accept, String actor, String now) throws SQLException {
        CellState proposed = suggestion.proposedState().cellState();
        CellState newState = accept ? proposed : opposite(proposed);
        LabelSource newSource = accept ? LabelSource.ACCEPTED_SUGGESTION : LabelSource.REJECTED_SUGGESTION;
        writeLabel(new LabelRepository(connection), suggestion.imageId(), suggestion.categoryId(), newState,
                newSource, batchId);
        new SuggestionRepository(connection).updateSuggestionDecided(suggestion.id(),
                accept ? SuggestionStatus.ACCEPTED : SuggestionStatus.REJECTED, actor, now);
        return LabelEvent.between(batchId, suggestion.imageId(), suggestion.categoryId(), current, newState,
                newSource, suggestion.id(), actor, accept ? REASON_ACCEPT : REASON_REJECT, now);
    }

    /** Restores the label an event replaced, if the cell still has what the event wrote. */
    private Optional<LabelEvent> revert(Connection connection, long undoId, LabelEvent event, String actor,
            String now) throws SQLException {
        LabelRepository labels = new LabelRepository(connection);
        Label current = labels.findLabel(event.imageId(), event.categoryId()).orElse(null);
        if (!sameValue(current, event.newState(), event.newSource())) {
            return Optional.empty();
        }

        if (event.oldState() == null) {
            labels.deleteLabel(event.imageId(), event.categoryId());
        } else {
            labels.upsertLabel(new Label(event.imageId(), event.categoryId(), event.oldState(), event.oldSource(),
                    event.oldBatchId()));
        }
        if (event.suggestionId() != null) {
            new SuggestionRepository(connection).updateSuggestionReopened(event.suggestionId());
        }
        return Optional.of(new LabelEvent(0, undoId, event.imageId(), event.categoryId(),
                stateOf(current), sourceOf(current), batchOf(current),
                event.oldState(), event.oldSource(), event.suggestionId(), actor, REASON_UNDO, now));
    }

    /** Writes an event's new label again, if the cell still has what the event found. */
    private Optional<LabelEvent> reapply(Connection connection, long redoId, LabelEvent event, String actor,
            String now) throws SQLException {
        LabelRepository labels = new LabelRepository(connection);
        Label current = labels.findLabel(event.imageId(), event.categoryId()).orElse(null);
        if (!sameValue(current, event.oldState(), event.oldSource())) {
            return Optional.empty();
        }

        if (event.newState() == null) {
            labels.deleteLabel(event.imageId(), event.categoryId());
        } else {
            // The edit's own batch, so the label again carries the edit's actor and time.
            labels.upsertLabel(new Label(event.imageId(), event.categoryId(), event.newState(), event.newSource(),
                    event.batchId()));
        }
        if (event.suggestionId() != null) {
            SuggestionStatus status = event.newSource() == LabelSource.REJECTED_SUGGESTION
                    ? SuggestionStatus.REJECTED : SuggestionStatus.ACCEPTED;
            new SuggestionRepository(connection).updateSuggestionDecided(event.suggestionId(), status, event.actor(),
                    event.createdAt());
        }
        return Optional.of(new LabelEvent(0, redoId, event.imageId(), event.categoryId(),
                stateOf(current), sourceOf(current), batchOf(current),
                event.newState(), event.newSource(), event.suggestionId(), actor, REASON_REDO, now));
    }

    /** Records a new edit batch, which clears the redo stack. */
    private static long startEdit(Connection connection, String description, String actor, String now)
            throws SQLException {
        LabelBatchRepository batches = new LabelBatchRepository(connection);
        batches.updateUndoneEditsDiscarded();
        return batches.insertBatch(BatchKind.EDIT, description, actor, now, null);
    }

    private static void writeLabel(LabelRepository labels, long imageId, long categoryId, CellState state,
            LabelSource source, long batchId) throws SQLException {
        if (state == null) {
            labels.deleteLabel(imageId, categoryId);
        } else {
            labels.upsertLabel(new Label(imageId, categoryId, state, source, batchId));
        }
    }

    private static boolean sameValue(Label current, CellState state, LabelSource source) {
        return stateOf(current) == state && sourceOf(current) == source;
    }

    private static CellState opposite(CellState state) {
        return state == CellState.POSITIVE ? CellState.NEGATIVE : CellState.POSITIVE;
    }

    private static CellState stateOf(Label label) {
        return label == null ? null : label.state();
    }

    private static LabelSource sourceOf(Label label) {
        return label == null ? null : label.source();
    }

    private static Long batchOf(Label label) {
        return label == null ? null : label.batchId();
    }

    private static String describeCell(Connection connection, long imageId, long categoryId) throws SQLException {
        String image = new ImageRepository(connection).findImageById(imageId).map(ImageRecord::path)
                .orElseThrow(() -> new IllegalArgumentException("no image with id " + imageId));
        String category = new CategoryRepository(connection).findCategoryById(categoryId).map(Category::name)
                .orElseThrow(() -> new IllegalArgumentException("no category with id " + categoryId));
        return Messages.format("cell", category, image);
    }

    private static Category findCategory(Connection connection, String name) throws SQLException {
        CategoryRepository categories = new CategoryRepository(connection);
        Optional<Category> found = categories.findCategoryByName(name);
        if (found.isPresent()) {
            return found.get();
        }
        List<Category> all = categories.findAllCategories();
        String known = all.stream().limit(MAX_NAMES_IN_MESSAGE).map(Category::name)
                .collect(Collectors.joining(", "));
        if (all.size() > MAX_NAMES_IN_MESSAGE) {
            known += ", …";
        }
        throw new UserInputException(Messages.format("category.notFound", name, all.isEmpty() ? "-" : known));
    }

    private static ImageRecord findImage(Connection connection, String imagePath) throws SQLException {
        ImageRepository images = new ImageRepository(connection);
        String normalised = imagePath.replace('\\', '/');
        Path given;
        try {
            given = Path.of(normalised);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UserInputException(Messages.format("image.notFound", imagePath));
        }

        if (given.isAbsolute()) {
            for (DatasetRoot root : new DatasetRootRepository(connection).findAllRoots()) {
                if (ImagePaths.resolve(root.path(), normalised) instanceof ImagePaths.Inside inside) {
                    Optional<ImageRecord> image = images.findImageByPath(root.id(), inside.relativePath());
                    if (image.isPresent()) {
                        return image.get();
                    }
                }
            }
            throw new UserInputException(Messages.format("image.notFound", imagePath));
        }

        String relative = given.normalize().toString().replace(given.getFileSystem().getSeparator(), "/");
        List<ImageRecord> matches = images.findImagesByRelativePath(relative);
        if (matches.isEmpty()) {
            throw new UserInputException(Messages.format("image.notFound", imagePath));
        }
        if (matches.size() > 1) {
            DatasetRootRepository roots = new DatasetRootRepository(connection);
            List<String> rootPaths = new ArrayList<>();
            for (ImageRecord match : matches) {
                rootPaths.add(roots.findRootById(match.rootId()).map(root -> root.path().toString())
                        .orElse(String.valueOf(match.rootId())));
            }
            throw new UserInputException(Messages.format("image.ambiguous", imagePath, String.join(", ", rootPaths)));
        }
        return Objects.requireNonNull(matches.get(0));
    }
}
