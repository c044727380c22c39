package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads for browsing and reviewing a project in the application: image ids by filter and order,
 * thumbnail summaries of a page of images, and the pending suggestions of one category. Create one
 * per transaction with that transaction's connection.
 */
public final class BrowseRepository {

    /** Ids bound in one {@code IN (...)} list, below SQLite's default limit of 32,766 parameters. */
    public static final int MAX_IDS_PER_QUERY = 1000;

    /** A pending suggestion counts only while no person decided its cell, as in {@link SuggestionRepository}. */
    private static final String NOT_DECIDED_BY_A_PERSON = " AND NOT EXISTS (SELECT 1 FROM label l"
            + " WHERE l.image_id = s.image_id AND l.category_id = s.category_id AND l.source <> 'imported')";

    private static final String SUGGESTION_COLUMNS = "s.id, s.image_id, s.category_id, s.model_version_id,"
            + " s.probability, s.visual_score, s.text_score, s.proposed_state, s.informativeness, s.possible_error,"
            + " s.status, s.created_at, s.decided_by, s.decided_at";

    private final Connection connection;

    public BrowseRepository(Connection connection) {
        this.connection = connection;
    }

    /**
     * Finds the ids of the images that pass the query, in its order. An id costs 8 bytes, so even
     * a project of a million images returns in a few megabytes.
     */
    public long[] findImageIds(ImageQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT i.id FROM image i");
        if (query.order() == ImageQuery.ImageOrder.INFORMATIVENESS) {
            sql.append(" LEFT JOIN (SELECT s.image_id, max(s.informativeness) AS top FROM suggestion s"
                    + " WHERE s.status = 'pending'").append(NOT_DECIDED_BY_A_PERSON)
                    .append(" GROUP BY s.image_id) ranked ON ranked.image_id = i.id");
        }
        sql.append(" WHERE 1 = 1");
        if (query.split() != null) {
            sql.append(" AND i.split = ?");
        }
        if (query.unknownCategoryId() != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM label l WHERE l.image_id = i.id AND l.category_id = ?)");
        }
        if (query.withPendingSuggestions()) {
            sql.append(" AND EXISTS (SELECT 1 FROM suggestion s WHERE s.image_id = i.id AND s.status = 'pending'")
                    .append(NOT_DECIDED_BY_A_PERSON).append(")");
        }
        if (query.withPossibleErrors()) {
            sql.append(" AND EXISTS (SELECT 1 FROM suggestion s WHERE s.image_id = i.id AND s.status = 'pending'"
                    + " AND s.possible_error = 1").append(NOT_DECIDED_BY_A_PERSON).append(")");
        }
        sql.append(query.order() == ImageQuery.ImageOrder.INFORMATIVENESS
                ? " ORDER BY ranked.top IS NULL, ranked.top DESC, i.id" : " ORDER BY i.id");

        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int index = 1;
            if (query.split() != null) {
                select.setString(index++, query.split().storeName());
            }
            if (query.unknownCategoryId() != null) {
                select.setLong(index, query.unknownCategoryId());
            }
            try (ResultSet rows = select.executeQuery()) {
                long[] ids = new long[256];
                int count = 0;
                while (rows.next()) {
                    if (count == ids.length) {
                        ids = Arrays.copyOf(ids, ids.length * 2);
                    }
                    ids[count++] = rows.getLong(1);
                }
                return Arrays.copyOf(ids, count);
            }
        }
    }

    /**
     * Finds the summaries of the given images, in the order of {@code ids}. Ids without an image
     * are left out.
     *
     * @param ids at most {@link #MAX_IDS_PER_QUERY} image ids
     */
    public List<ImageSummary> findImageSummaries(List<Long> ids) throws SQLException {
        if (ids.size() > MAX_IDS_PER_QUERY) {
            throw new IllegalArgumentException("at most " + MAX_IDS_PER_QUERY + " ids per query, got " + ids.size());
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        String placeholders = String.join(", ", Collections.nCopies(ids.size(), "?"));
        String sql = "SELECT i.id, i.root_id, i.path, i.status, i.status_reason,"
                + " (SELECT count(*) FROM label l WHERE l.image_id = i.id),"
                + " (SELECT count(*) FROM suggestion s WHERE s.image_id = i.id AND s.status = 'pending'"
                + NOT_DECIDED_BY_A_PERSON + "),"
                + " (SELECT count(*) FROM suggestion s WHERE s.image_id = i.id AND s.status = 'pending'"
                + " AND s.possible_error = 1" + NOT_DECIDED_BY_A_PERSON + ")"
                + " FROM image i WHERE i.id IN (" + placeholders + ")";
        Map<Long, ImageSummary> byId = new HashMap<>(ids.size() * 2);
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                select.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ImageSummary summary = new ImageSummary(rows.getLong(1), rows.getLong(2), rows.getString(3),
                            StoreValues.imageStatus(rows.getString(4)), rows.getString(5), rows.getInt(6),
                            rows.getInt(7), rows.getInt(8));
                    byId.put(summary.id(), summary);
                }
            }
        }
        List<ImageSummary> ordered = new ArrayList<>(byId.size());
        for (long id : ids) {
            ImageSummary summary = byId.get(id);
            if (summary != null) {
                ordered.add(summary);
            }
        }
        return ordered;
    }

    /**
     * Finds the pending suggestions of one category on cells no person decided, for the category
     * review grid, in the order {@code selection} describes. Suggestions that propose no state are
     * left out, because they cannot be accepted.
     */
    public List<Suggestion> findPendingSuggestionsByCategory(long categoryId, ReviewSelection selection, int limit)
            throws SQLException {
        String condition = switch (selection) {
            case PROPOSED_POSITIVE -> " AND s.proposed_state = 'positive' ORDER BY s.probability DESC, s.id";
            case POSSIBLE_ERRORS -> " AND s.possible_error = 1 AND s.proposed_state <> 'none'"
                    + " ORDER BY max(s.probability, 1.0 - s.probability) DESC, s.id";
        };
        try (PreparedStatement select = connection.prepareStatement("SELECT " + SUGGESTION_COLUMNS
                + " FROM suggestion s WHERE s.category_id = ? AND s.status = 'pending'" + NOT_DECIDED_BY_A_PERSON
                + condition + " LIMIT ?")) {
            select.setLong(1, categoryId);
            select.setInt(2, limit);
            return readSuggestions(select);
        }
    }

    /**
     * Finds, for each category of one image, its newest suggestion whatever its status, so that the
     * category panel shows the model's probability also for cells already decided.
     */
    public List<Suggestion> findLatestSuggestionsByImage(long imageId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + SUGGESTION_COLUMNS
                + " FROM suggestion s WHERE s.image_id = ? AND s.id = (SELECT max(newer.id) FROM suggestion newer"
                + " WHERE newer.image_id = s.image_id AND newer.category_id = s.category_id) ORDER BY s.category_id")) {
            select.setLong(1, imageId);
            return readSuggestions(select);
        }
    }

    /** Finds the label history of every cell of one image, oldest first. */
    public List<LabelEvent> findLabelEventsByImage(long imageId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, batch_id, image_id, category_id, old_state, old_source, old_batch_id, new_state,"
                        + " new_source, suggestion_id, actor, reason, created_at FROM label_event"
                        + " WHERE image_id = ? ORDER BY id")) {
            select.setLong(1, imageId);
            try (ResultSet rows = select.executeQuery()) {
                List<LabelEvent> events = new ArrayList<>();
                while (rows.next()) {
                    events.add(new LabelEvent(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                            StoreValues.cellState(rows.getString(5)), LabelSource.fromStore(rows.getString(6)),
                            StoreValues.getNullableLong(rows, "old_batch_id"), StoreValues.cellState(rows.getString(8)),
                            LabelSource.fromStore(rows.getString(9)), StoreValues.getNullableLong(rows,
                            "suggestion_id"), rows.getString(11), rows.getString(12), rows.getString(13)));
                }
                return events;
            }
        }
    }

    /** Counts images, categories, known cells and pending suggestions: how complete the project is. */
    public Completeness findCompleteness() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT (SELECT count(*) FROM image), (SELECT count(*) FROM category), (SELECT count(*) FROM label),"
                        + " (SELECT count(*) FROM suggestion WHERE status = 'pending')");
                ResultSet row = select.executeQuery()) {
            row.next();
            return new Completeness(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
        }
    }

    private static List<Suggestion> readSuggestions(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<Suggestion> suggestions = new ArrayList<>();
            while (rows.next()) {
                suggestions.add(new Suggestion(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                        rows.getDouble(5), StoreValues.getNullableDouble(rows, "visual_score"),
                        StoreValues.getNullableDouble(rows, "text_score"), ProposedState.fromStore(rows.getString(8)),
                        rows.getDouble(9), rows.getInt(10) == 1, SuggestionStatus.fromStore(rows.getString(11)),
                        rows.getString(12), rows.getString(13), rows.getString(14)));
            }
            return suggestions;
        }
    }
}
