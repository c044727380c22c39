package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code zero_shot} table: the frozen backbone's zero-shot similarity of each cell. Create one
 * per transaction with that transaction's connection.
 */
public final class ZeroShotRepository {

    /** Rows per JDBC batch: large enough to amortise the call, small enough to bound memory. */
    private static final int ROWS_PER_BATCH = 10_000;

    private final Connection connection;

    public ZeroShotRepository(Connection connection) {
        this.connection = connection;
    }

    /** Inserts scores, replacing a cell's previous one. */
    public void upsertZeroShotScores(List<ZeroShotScore> scores) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO zero_shot (image_id, category_id, cosine) VALUES (?, ?, ?)"
                        + " ON CONFLICT (image_id, category_id) DO UPDATE SET cosine = excluded.cosine")) {
            int pending = 0;
            for (ZeroShotScore score : scores) {
                upsert.setLong(1, score.imageId());
                upsert.setLong(2, score.categoryId());
                upsert.setDouble(3, score.cosine());
                upsert.addBatch();
                if (++pending == ROWS_PER_BATCH) {
                    upsert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                upsert.executeBatch();
            }
        }
    }

    /** Deletes every score, as a change of backbone or prompts requires; returns how many there were. */
    public int deleteAllZeroShotScores() throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM zero_shot")) {
            return delete.executeUpdate();
        }
    }

    /** Streams every score ordered by image and category. */
    public void forEachZeroShotScore(Consumer<ZeroShotScore> consumer) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT image_id, category_id, cosine FROM zero_shot ORDER BY image_id, category_id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                consumer.accept(new ZeroShotScore(rows.getLong(1), rows.getLong(2), rows.getDouble(3)));
            }
        }
    }

    /** Counts the images that have at least one score. */
    public int countScoredImages() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(DISTINCT image_id) FROM zero_shot");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }
}
