package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.regiontag.db.io.CellState;

/**
 * The {@code label} table: the working labels, one row per known cell. Create one per transaction
 * with that transaction's connection. Changes a user makes go through
 * {@link org.regiontag.db.edit.LabelEditor}, which records each in the history.
 *
 * <p>Every method that changes rows also changes the per-category counts in
 * {@code category_label_count} in the same transaction, so no other code may write the table.
 */
public final class LabelRepository {

    private static final String COLUMNS = "image_id, category_id, state, source, batch_id";

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
            try (ResultSet rows = select.executeQuery()) {
                List<Label> labels = new ArrayList<>();
                while (rows.next()) {
                    labels.add(read(rows));
                }
                return labels;
            }
        }
    }

    /**
     * Returns up to {@code limit} images labeled positive for the category, most recently labeled
     * first: by descending batch id, then by image id. The table has no index on the category, so
     * this scans it.
     */
    public List<Long> findPositiveImageIdsByCategory(long categoryId, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT image_id FROM label"
                + " WHERE category_id = ? AND state = 'positive' ORDER BY batch_id DESC, image_id LIMIT ?")) {
            select.setLong(1, categoryId);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<Long> imageIds = new ArrayList<>();
                while (rows.next()) {
                    imageIds.add(rows.getLong(1));
                }
                return imageIds;
            }
        }
    }

    /** Streams every label ordered by image and category, so a caller need not hold them all. */
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
     * Streams every image in id order with its labels in category id order, so an export keeps only
     * one image's labels in memory.
     *
     * <p>SQLite joins each image's labels into one text ({@code <category id><p|n><source's first
     * two letters><batch id>}, comma-separated), because reading 9.4 million label rows column by
     * column through JDBC took three times as long (sqlite-jdbc 3.54.1.0).
     */
    public void forEachImageWithLabels(Consumer<ImageLabels> consumer) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT i.id, i.root_id, i.path, i.width, i.height, i.sha256, i.orientation, i.split, i.status,"
                        + " i.status_reason, (SELECT group_concat(l.category_id || substr(l.state, 1, 1)"
                        + " || substr(l.source, 1, 2) || l.batch_id, ',') FROM label l WHERE l.image_id = i.id)"
                        + " FROM image i ORDER BY i.id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long imageId = rows.getLong(1);
                ImageRecord image = new ImageRecord(imageId, rows.getLong(2), rows.getString(3), rows.getInt(4),
                        rows.getInt(5), rows.getString(6), rows.getInt(7), StoreValues.split(rows.getString(8)),
                        StoreValues.imageStatus(rows.getString(9)), rows.getString(10));
                consumer.accept(new ImageLabels(image, parseJoinedLabels(imageId, rows.getString(11))));
            }
        }
    }

    /** Parses the text that {@link #forEachImageWithLabels} joins in SQL, and orders the labels by category id. */
    private static List<Label> parseJoinedLabels(long imageId, String joined) {
        if (joined == null) {
            return List.of();
        }
        List<Label> labels = new ArrayList<>(joined.length() / 6 + 1);
        int at = 0;
        boolean ordered = true;
        while (at < joined.length()) {
            int digitsEnd = skipDigits(joined, at);
            long categoryId = Long.parseLong(joined, at, digitsEnd, 10);
            CellState state = switch (joined.charAt(digitsEnd)) {
                case 'p' -> CellState.POSITIVE;
                case 'n' -> CellState.NEGATIVE;
                default -> throw new IllegalStateException("unexpected label text '" + joined + "'");
            };
            LabelSource source = switch (joined.substring(digitsEnd + 1, digitsEnd + 3)) {
                case "im" -> LabelSource.IMPORTED;
                case "an" -> LabelSource.ANNOTATOR;
                case "ac" -> LabelSource.ACCEPTED_SUGGESTION;
                case "re" -> LabelSource.REJECTED_SUGGESTION;
                default -> throw new IllegalStateException("unexpected label text '" + joined + "'");
            };
            int batchEnd = skipDigits(joined, digitsEnd + 3);
            long batchId = Long.parseLong(joined, digitsEnd + 3, batchEnd, 10);
            if (!labels.isEmpty() && labels.get(labels.size() - 1).categoryId() > categoryId) {
                ordered = false;
            }
            labels.add(new Label(imageId, categoryId, state, source, batchId));
            at = batchEnd + 1;
        }
        if (!ordered) {
            labels.sort(Comparator.comparingLong(Label::categoryId));
        }
        return labels;
    }

    private static int skipDigits(String text, int from) {
        int at = from;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        return at;
    }

    /** Inserts the label, or replaces the cell's existing one. */
    public void upsertLabel(Label label) throws SQLException {
        LabelCountDeltas counts = new LabelCountDeltas();
        counts.addWorking(label.categoryId(), findState(label.imageId(), label.categoryId()), -1);
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO label (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (image_id, category_id) DO UPDATE SET state = excluded.state,"
                        + " source = excluded.source, batch_id = excluded.batch_id")) {
            bind(upsert, label);
            upsert.executeUpdate();
        }
        counts.addWorking(label.categoryId(), label.state(), 1);
        counts.flush(connection);
    }

    /** Inserts labels of cells that have none, in one batch. */
    public void insertLabels(List<Label> labels) throws SQLException {
        if (labels.isEmpty()) {
            return;
        }
        LabelCountDeltas counts = new LabelCountDeltas();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO label (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
            for (Label label : labels) {
                bind(insert, label);
                insert.addBatch();
                counts.addWorking(label.categoryId(), label.state(), 1);
            }
            insert.executeBatch();
        }
        counts.flush(connection);
    }

    /** Replaces the labels of cells that have one, in one batch; a cell without a label stays unknown. */
    public void updateLabels(List<Label> labels) throws SQLException {
        if (labels.isEmpty()) {
            return;
        }
        LabelCountDeltas counts = new LabelCountDeltas();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE label SET state = ?, source = ?, batch_id = ? WHERE image_id = ? AND category_id = ?")) {
            for (Label label : labels) {
                CellState old = findState(label.imageId(), label.categoryId());
                if (old == null) {
                    continue;
                }
                counts.addWorking(label.categoryId(), old, -1);
                counts.addWorking(label.categoryId(), label.state(), 1);
                update.setString(1, label.state().storeName());
                update.setString(2, label.source().storeName());
                update.setLong(3, label.batchId());
                update.setLong(4, label.imageId());
                update.setLong(5, label.categoryId());
                update.addBatch();
            }
            update.executeBatch();
        }
        counts.flush(connection);
    }

    /** Makes the cell unknown; returns whether it had a label. */
    public boolean deleteLabel(long imageId, long categoryId) throws SQLException {
        CellState old = findState(imageId, categoryId);
        if (old == null) {
            return false;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM label WHERE image_id = ? AND category_id = ?")) {
            delete.setLong(1, imageId);
            delete.setLong(2, categoryId);
            delete.executeUpdate();
        }
        LabelCountDeltas counts = new LabelCountDeltas();
        counts.addWorking(categoryId, old, -1);
        counts.flush(connection);
        return true;
    }

    /**
     * Starts a bulk insert of the labels of images that have none yet, such as the new images of an
     * import. See {@link CellBulkInsert}.
     *
     * @param categoryIds the category of each position of the state arrays that {@link CellBulkInsert#insert} takes
     */
    public CellBulkInsert startBulkInsert(long[] categoryIds, LabelSource source, long batchId) throws SQLException {
        return CellBulkInsert.intoLabels(connection, categoryIds, source, batchId);
    }

    private CellState findState(long imageId, long categoryId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT state FROM label WHERE image_id = ? AND category_id = ?")) {
            select.setLong(1, imageId);
            select.setLong(2, categoryId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? StoreValues.cellState(row.getString(1)) : null;
            }
        }
    }

    private static void bind(PreparedStatement statement, Label label) throws SQLException {
        statement.setLong(1, label.imageId());
        statement.setLong(2, label.categoryId());
        statement.setString(3, label.state().storeName());
        statement.setString(4, label.source().storeName());
        statement.setLong(5, label.batchId());
    }

    private static Label read(ResultSet row) throws SQLException {
        return new Label(row.getLong(1), row.getLong(2), StoreValues.cellState(row.getString(3)),
                LabelSource.fromStore(row.getString(4)), row.getLong(5));
    }
}
