package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code label_event} table: the append-only history of label changes. It has no update or
 * delete (the schema's triggers reject both). Create one per transaction with that transaction's
 * connection.
 */
public final class LabelEventRepository {

    private static final String COLUMNS = "batch_id, image_id, category_id, old_state, old_source, old_batch_id,"
            + " new_state, new_source, suggestion_id, actor, reason, created_at";

    private final Connection connection;

    public LabelEventRepository(Connection connection) {
        this.connection = connection;
    }

    /** Appends events in one batch; their {@code id} fields are ignored. */
    public void insertLabelEvents(List<LabelEvent> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO label_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LabelEvent event : events) {
                insert.setLong(1, event.batchId());
                insert.setLong(2, event.imageId());
                insert.setLong(3, event.categoryId());
                StoreValues.setNullableString(insert, 4, StoreValues.storeName(event.oldState()));
                StoreValues.setNullableString(insert, 5, StoreValues.storeName(event.oldSource()));
                StoreValues.setNullableLong(insert, 6, event.oldBatchId());
                StoreValues.setNullableString(insert, 7, StoreValues.storeName(event.newState()));
                StoreValues.setNullableString(insert, 8, StoreValues.storeName(event.newSource()));
                StoreValues.setNullableLong(insert, 9, event.suggestionId());
                insert.setString(10, event.actor());
                StoreValues.setNullableString(insert, 11, event.reason());
                insert.setString(12, event.createdAt());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Finds the events of one batch in the order they were made. */
    public List<LabelEvent> findEventsByBatch(long batchId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, " + COLUMNS + " FROM label_event WHERE batch_id = ? ORDER BY id")) {
            select.setLong(1, batchId);
            return readAll(select);
        }
    }

    /** Finds the history of one cell, oldest first. */
    public List<LabelEvent> findEventsByCell(long imageId, long categoryId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, " + COLUMNS + " FROM label_event WHERE image_id = ? AND category_id = ? ORDER BY id")) {
            select.setLong(1, imageId);
            select.setLong(2, categoryId);
            return readAll(select);
        }
    }

    private static List<LabelEvent> readAll(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<LabelEvent> events = new ArrayList<>();
            while (rows.next()) {
                events.add(new LabelEvent(rows.getLong("id"), rows.getLong("batch_id"), rows.getLong("image_id"),
                        rows.getLong("category_id"), StoreValues.cellState(rows.getString("old_state")),
                        LabelSource.fromStore(rows.getString("old_source")),
                        StoreValues.getNullableLong(rows, "old_batch_id"), StoreValues.cellState(rows.getString("new_state")),
                        LabelSource.fromStore(rows.getString("new_source")),
                        StoreValues.getNullableLong(rows, "suggestion_id"), rows.getString("actor"),
                        rows.getString("reason"), rows.getString("created_at")));
            }
            return events;
        }
    }
}
