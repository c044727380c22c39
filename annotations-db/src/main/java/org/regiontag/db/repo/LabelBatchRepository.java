package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code label_batch} table and the undo and redo stacks it holds. Create one per transaction
 * with that transaction's connection.
 *
 * <p>The undo stack is the edits in state {@code done}, newest first; the redo stack is the edits
 * in state {@code undone}, most recently undone first.
 */
public final class LabelBatchRepository {

    private static final String COLUMNS = "id, kind, description, actor, created_at, undo_state, undone_by, target_id";

    private final Connection connection;

    public LabelBatchRepository(Connection connection) {
        this.connection = connection;
    }

    /**
     * Inserts a batch and returns its id; an edit starts on the undo stack.
     *
     * @param targetId the edit that an undo or redo acts on; {@code null} for edits and imports
     */
    public long insertBatch(BatchKind kind, String description, String actor, String createdAt, Long targetId)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO label_batch (kind, description, actor, created_at, undo_state, target_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, kind.storeName());
            insert.setString(2, description);
            insert.setString(3, actor);
            insert.setString(4, createdAt);
            StoreValues.setNullableString(insert, 5, kind == BatchKind.EDIT ? UndoState.DONE.storeName() : null);
            StoreValues.setNullableLong(insert, 6, targetId);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public Optional<LabelBatch> findBatch(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM label_batch WHERE id = ?")) {
            select.setLong(1, id);
            return readOne(select);
        }
    }

    /** Finds every batch in id order, such as for the provenance of an export. */
    public List<LabelBatch> findAllBatches() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM label_batch ORDER BY id");
                ResultSet rows = select.executeQuery()) {
            List<LabelBatch> batches = new ArrayList<>();
            while (rows.next()) {
                batches.add(read(rows));
            }
            return batches;
        }
    }

    /** Finds the newest batches, newest first, for a history list. */
    public List<LabelBatch> findRecentBatches(int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM label_batch ORDER BY id DESC LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<LabelBatch> batches = new ArrayList<>();
                while (rows.next()) {
                    batches.add(read(rows));
                }
                return batches;
            }
        }
    }

    /** Finds the top of the undo stack: the newest edit still applied. */
    public Optional<LabelBatch> findLastDoneEdit() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM label_batch WHERE kind = 'edit' AND undo_state = 'done'"
                        + " ORDER BY id DESC LIMIT 1")) {
            return readOne(select);
        }
    }

    /** Finds the top of the redo stack: the edit undone most recently. */
    public Optional<LabelBatch> findLastUndoneEdit() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM label_batch WHERE kind = 'edit' AND undo_state = 'undone'"
                        + " ORDER BY undone_by DESC LIMIT 1")) {
            return readOne(select);
        }
    }

    /** Moves an edit from the undo stack to the redo stack. */
    public void updateEditUndone(long editId, long undoBatchId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE label_batch SET undo_state = 'undone', undone_by = ? WHERE id = ? AND kind = 'edit'")) {
            update.setLong(1, undoBatchId);
            update.setLong(2, editId);
            update.executeUpdate();
        }
    }

    /** Moves an edit from the redo stack back to the undo stack. */
    public void updateEditRedone(long editId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE label_batch SET undo_state = 'done', undone_by = NULL WHERE id = ? AND kind = 'edit'")) {
            update.setLong(1, editId);
            update.executeUpdate();
        }
    }

    /** Empties the redo stack, as every new edit does; returns how many edits it held. */
    public int updateUndoneEditsDiscarded() throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE label_batch SET undo_state = 'discarded', undone_by = NULL"
                        + " WHERE kind = 'edit' AND undo_state = 'undone'")) {
            return update.executeUpdate();
        }
    }

    private static Optional<LabelBatch> readOne(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(read(row)) : Optional.empty();
        }
    }

    private static LabelBatch read(ResultSet row) throws SQLException {
        return new LabelBatch(row.getLong("id"), BatchKind.fromStore(row.getString("kind")),
                row.getString("description"), row.getString("actor"), row.getString("created_at"),
                UndoState.fromStore(row.getString("undo_state")), StoreValues.getNullableLong(row, "undone_by"),
                StoreValues.getNullableLong(row, "target_id"));
    }
}
