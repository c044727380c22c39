package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code suggestion} table. A cell has at most one pending suggestion (a unique index enforces
 * it). Accepting and rejecting go through {@link org.regiontag.db.edit.LabelEditor}, which writes
 * the label and its history together. Create one per transaction with that transaction's connection.
 */
public final class SuggestionRepository {

    private static final String COLUMNS = "id, image_id, category_id, model_version_id, probability, visual_score,"
            + " text_score, proposed_state, informativeness, possible_error, status, created_at, decided_by,"
            + " decided_at";

    /** Pending suggestions whose cell a person already decided are hidden: a suggestion never overrides one. */
    private static final String NOT_DECIDED_BY_A_PERSON = " AND NOT EXISTS (SELECT 1 FROM label l"
            + " WHERE l.image_id = s.image_id AND l.category_id = s.category_id AND l.source <> 'imported')";

    private final Connection connection;

    public SuggestionRepository(Connection connection) {
        this.connection = connection;
    }

    /**
     * Stores the suggestions of one model version in place of all pending ones. Every pending
     * suggestion becomes superseded. Then each draft is inserted as pending, or updated when this
     * version already has a suggestion for the cell (a decided one keeps its decision). Drafts for
     * cells that a person decided are skipped.
     *
     * @return how many drafts were stored as pending
     */
    public int replaceSuggestionsForVersion(long modelVersionId, List<SuggestionDraft> drafts, String createdAt)
            throws SQLException {
        try (PreparedStatement supersede = connection.prepareStatement(
                "UPDATE suggestion SET status = 'superseded' WHERE status = 'pending'")) {
            supersede.executeUpdate();
        }

        int stored = 0;
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO suggestion (image_id, category_id, model_version_id, probability, visual_score,"
                        + " text_score, proposed_state, informativeness, possible_error, status, created_at)"
                        + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM label WHERE image_id = ? AND category_id = ?"
                        + " AND source <> 'imported')"
                        + " ON CONFLICT (model_version_id, image_id, category_id) DO UPDATE SET"
                        + " probability = excluded.probability, visual_score = excluded.visual_score,"
                        + " text_score = excluded.text_score, proposed_state = excluded.proposed_state,"
                        + " informativeness = excluded.informativeness, possible_error = excluded.possible_error,"
                        + " created_at = excluded.created_at,"
                        + " status = CASE WHEN status IN ('accepted', 'rejected') THEN status ELSE 'pending' END")) {
            for (SuggestionDraft draft : drafts) {
                upsert.setLong(1, draft.imageId());
                upsert.setLong(2, draft.categoryId());
                upsert.setLong(3, modelVersionId);
                upsert.setDouble(4, draft.probability());
                StoreValues.setNullableDouble(upsert, 5, draft.visualScore());
                StoreValues.setNullableDouble(upsert, 6, draft.textScore());
                upsert.setString(7, draft.proposedState().storeName());
                upsert.setDouble(8, draft.informativeness());
                upsert.setInt(9, draft.possibleError() ? 1 : 0);
                upsert.setString(10, createdAt);
                upsert.setLong(11, draft.imageId());
                upsert.setLong(12, draft.categoryId());
                upsert.addBatch();
            }
            for (int count : upsert.executeBatch()) {
                stored += Math.max(count, 0);
            }
        }
        return stored;
    }

    public Optional<Suggestion> findSuggestion(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM suggestion WHERE id = ?")) {
            select.setLong(1, id);
            return readOne(select);
        }
    }

    /** Finds the cell's pending suggestion, if any (also when a person has since decided the cell). */
    public Optional<Suggestion> findPendingSuggestion(long imageId, long categoryId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM suggestion"
                        + " WHERE image_id = ? AND category_id = ? AND status = 'pending'")) {
            select.setLong(1, imageId);
            select.setLong(2, categoryId);
            return readOne(select);
        }
    }

    /** Pending suggestions of cells no person decided, most informative first. */
    public List<Suggestion> findPendingSuggestions(int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM suggestion s WHERE s.status = 'pending'" + NOT_DECIDED_BY_A_PERSON
                        + " ORDER BY s.informativeness DESC, s.id LIMIT ?")) {
            select.setInt(1, limit);
            return readAll(select);
        }
    }

    /** Pending suggestions of one image's cells that no person decided, by category. */
    public List<Suggestion> findPendingSuggestionsByImage(long imageId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM suggestion s WHERE s.image_id = ? AND s.status = 'pending'"
                        + NOT_DECIDED_BY_A_PERSON + " ORDER BY s.category_id")) {
            select.setLong(1, imageId);
            return readAll(select);
        }
    }

    /** Records a person's accept or reject. */
    public void updateSuggestionDecided(long id, SuggestionStatus status, String decidedBy, String decidedAt)
            throws SQLException {
        if (status != SuggestionStatus.ACCEPTED && status != SuggestionStatus.REJECTED) {
            throw new IllegalArgumentException("a decision is accepted or rejected, not " + status);
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE suggestion SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?")) {
            update.setString(1, status.storeName());
            update.setString(2, decidedBy);
            update.setString(3, decidedAt);
            update.setLong(4, id);
            update.executeUpdate();
        }
    }

    /**
     * Makes a decided suggestion pending again, as undoing its accept or reject does. It stays decided
     * when the cell has another pending suggestion by now. Returns whether it is pending.
     */
    public boolean updateSuggestionReopened(long id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE suggestion SET status = 'pending', decided_by = NULL, decided_at = NULL"
                        + " WHERE id = ? AND status IN ('accepted', 'rejected') AND NOT EXISTS ("
                        + " SELECT 1 FROM suggestion other WHERE other.image_id = suggestion.image_id"
                        + " AND other.category_id = suggestion.category_id AND other.status = 'pending')")) {
            update.setLong(1, id);
            return update.executeUpdate() > 0;
        }
    }

    private static Optional<Suggestion> readOne(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(read(row)) : Optional.empty();
        }
    }

    private static List<Suggestion> readAll(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<Suggestion> suggestions = new ArrayList<>();
            while (rows.next()) {
                suggestions.add(read(rows));
            }
            return suggestions;
        }
    }

    private static Suggestion read(ResultSet row) throws SQLException {
        return new Suggestion(row.getLong("id"), row.getLong("image_id"), row.getLong("category_id"),
                row.getLong("model_version_id"), row.getDouble("probability"),
                StoreValues.getNullableDouble(row, "visual_score"), StoreValues.getNullableDouble(row, "text_score"),
                ProposedState.fromStore(row.getString("proposed_state")), row.getDouble("informativeness"),
                row.getInt("possible_error") == 1, SuggestionStatus.fromStore(row.getString("status")),
                row.getString("created_at"), row.getString("decided_by"), row.getString("decided_at"));
    }
}
