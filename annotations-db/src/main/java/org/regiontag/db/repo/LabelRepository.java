package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code label} table: the working labels, one row per known cell. Create one per transaction
 * with that transaction's connection. Changes a user makes go through
 * {@link org.regiontag.db.edit.LabelEditor}, which records each in the history.
 */
public final class LabelRepository {

    private static final String COLUMNS = "image_id, category_id, state, source, actor, updated_at";

    private final Connection connection;

    public LabelRepository(Connection connection) {
        this.connection = connection;
    }

    public Optional<Label> findLabel(long imageId, long categoryId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM label WHERE image_id = ? AND category_id = ?")) {
            select.setLong(1, imageId);
            select.setLong(2, categoryId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        }
    }

    public List<Label> findLabelsByImage(long imageId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM label WHERE image_id = ? ORDER BY category_id")) {
            select.setLong(1, imageId);
            return readAll(select);
        }
    }

    /** Finds the labels of every image under one dataset root. */
    public List<Label> findLabelsByRoot(long rootId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT l.image_id, l.category_id, l.state, l.source, l.actor, l.updated_at"
                        + " FROM label l JOIN image i ON i.id = l.image_id WHERE i.root_id = ?")) {
            select.setLong(1, rootId);
            return readAll(select);
        }
    }

    /** Streams every label ordered by image and category, so an export need not hold them all. */
    public void forEachLabel(Consumer<Label> consumer) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM label ORDER BY image_id, category_id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                consumer.accept(read(rows));
            }
        }
    }

    /**
     * Streams every image in id order with its labels in category id order, in one query, so an
     * export keeps only one image's labels in memory.
     */
    public void forEachImageWithLabels(Consumer<ImageLabels> consumer) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT i.id, i.root_id, i.path, i.width, i.height, i.sha256, i.orientation, i.split, i.status,"
                        + " i.status_reason, l.category_id, l.state, l.source, l.actor, l.updated_at"
                        + " FROM image i LEFT JOIN label l ON l.image_id = i.id ORDER BY i.id, l.category_id");
                ResultSet rows = select.executeQuery()) {
            ImageRecord current = null;
            List<Label> labels = new ArrayList<>();
            while (rows.next()) {
                long imageId = rows.getLong(1);
                if (current == null || current.id() != imageId) {
                    if (current != null) {
                        consumer.accept(new ImageLabels(current, labels));
                        labels.clear();
                    }
                    current = new ImageRecord(imageId, rows.getLong(2), rows.getString(3), rows.getInt(4),
                            rows.getInt(5), rows.getString(6), rows.getInt(7), StoreValues.split(rows.getString(8)),
                            StoreValues.imageStatus(rows.getString(9)), rows.getString(10));
                }
                long categoryId = rows.getLong(11);
                if (!rows.wasNull()) {
                    labels.add(new Label(imageId, categoryId, StoreValues.cellState(rows.getString(12)),
                            LabelSource.fromStore(rows.getString(13)), rows.getString(14), rows.getString(15)));
                }
            }
            if (current != null) {
                consumer.accept(new ImageLabels(current, labels));
            }
        }
    }

    /** Inserts the label, or replaces the cell's existing one. */
    public void upsertLabel(Label label) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO label (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (image_id, category_id) DO UPDATE SET state = excluded.state,"
                        + " source = excluded.source, actor = excluded.actor, updated_at = excluded.updated_at")) {
            bind(upsert, label);
            upsert.executeUpdate();
        }
    }

    /** Inserts labels of cells that have none, in one batch. */
    public void insertLabels(List<Label> labels) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO label (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Label label : labels) {
                bind(insert, label);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Replaces the labels of cells that have one, in one batch. */
    public void updateLabels(List<Label> labels) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE label SET state = ?, source = ?, actor = ?, updated_at = ?"
                        + " WHERE image_id = ? AND category_id = ?")) {
            for (Label label : labels) {
                update.setString(1, label.state().storeName());
                update.setString(2, label.source().storeName());
                update.setString(3, label.actor());
                update.setString(4, label.updatedAt());
                update.setLong(5, label.imageId());
                update.setLong(6, label.categoryId());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Makes the cell unknown; returns whether it had a label. */
    public boolean deleteLabel(long imageId, long categoryId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM label WHERE image_id = ? AND category_id = ?")) {
            delete.setLong(1, imageId);
            delete.setLong(2, categoryId);
            return delete.executeUpdate() > 0;
        }
    }

    private static void bind(PreparedStatement statement, Label label) throws SQLException {
        statement.setLong(1, label.imageId());
        statement.setLong(2, label.categoryId());
        statement.setString(3, label.state().storeName());
        statement.setString(4, label.source().storeName());
        statement.setString(5, label.actor());
        statement.setString(6, label.updatedAt());
    }

    private static List<Label> readAll(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<Label> labels = new ArrayList<>();
            while (rows.next()) {
                labels.add(read(rows));
            }
            return labels;
        }
    }

    private static Label read(ResultSet row) throws SQLException {
        return new Label(row.getLong(1), row.getLong(2), StoreValues.cellState(row.getString(3)),
                LabelSource.fromStore(row.getString(4)), row.getString(5), row.getString(6));
    }
}
