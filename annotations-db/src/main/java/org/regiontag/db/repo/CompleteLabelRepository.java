package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.regiontag.db.io.CellState;

/**
 * The {@code complete_label} table: ground truth for evaluation, such as the full labels of a source
 * whose working labels a missing-label simulation thinned. Create one per transaction with that
 * transaction's connection.
 */
public final class CompleteLabelRepository {

    private final Connection connection;

    public CompleteLabelRepository(Connection connection) {
        this.connection = connection;
    }

    /** Inserts ground-truth cells, replacing the value of cells that have one, in one batch. */
    public void upsertCompleteLabels(List<CompleteLabel> labels) throws SQLException {
        if (labels.isEmpty()) {
            return;
        }
        LabelCountDeltas counts = new LabelCountDeltas();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT state FROM complete_label WHERE image_id = ? AND category_id = ?");
                PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO complete_label (image_id, category_id, state) VALUES (?, ?, ?)"
                                + " ON CONFLICT (image_id, category_id) DO UPDATE SET state = excluded.state")) {
            for (CompleteLabel label : labels) {
                select.setLong(1, label.imageId());
                select.setLong(2, label.categoryId());
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        counts.addComplete(label.categoryId(), StoreValues.cellState(row.getString(1)), -1);
                    }
                }
                // Each row runs at once, so that a cell listed twice reads its first value back.
                upsert.setLong(1, label.imageId());
                upsert.setLong(2, label.categoryId());
                upsert.setString(3, label.state().storeName());
                upsert.executeUpdate();
                counts.addComplete(label.categoryId(), label.state(), 1);
            }
        }
        counts.flush(connection);
    }

    /**
     * Starts a bulk insert of the ground truth of images that have none yet. See {@link CellBulkInsert}.
     *
     * @param categoryIds the category of each position of the state arrays that {@link CellBulkInsert#insert} takes
     */
    public CellBulkInsert startBulkInsert(long[] categoryIds) throws SQLException {
        return CellBulkInsert.intoCompleteLabels(connection, categoryIds);
    }

    /** Finds the ground truth of one image by category id; categories without ground truth are absent. */
    public Map<Long, CellState> findCompleteLabelsByImage(long imageId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT category_id, state FROM complete_label WHERE image_id = ? ORDER BY category_id")) {
            select.setLong(1, imageId);
            try (ResultSet rows = select.executeQuery()) {
                Map<Long, CellState> cells = new LinkedHashMap<>();
                while (rows.next()) {
                    cells.put(rows.getLong(1), StoreValues.cellState(rows.getString(2)));
                }
                return cells;
            }
        }
    }

    /** Streams every ground-truth cell ordered by image and category. */
    public void forEachCompleteLabel(Consumer<CompleteLabel> consumer) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT image_id, category_id, state FROM complete_label ORDER BY image_id, category_id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                consumer.accept(new CompleteLabel(rows.getLong(1), rows.getLong(2),
                        StoreValues.cellState(rows.getString(3))));
            }
        }
    }
}
