package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import org.regiontag.db.io.CellState;

/**
 * Changes of the per-category counts in {@code category_label_count}, collected while label rows
 * change and written in one batch, in the same transaction as those rows.
 */
final class LabelCountDeltas {

    private static final int POSITIVE = 0;
    private static final int NEGATIVE = 1;
    private static final int COMPLETE_POSITIVE = 2;
    private static final int COMPLETE_NEGATIVE = 3;

    /** Deltas by category id, in id order so that the batch visits the count table in key order. */
    private final Map<Long, long[]> deltas = new TreeMap<>();

    /** Records that a working label of the state appeared ({@code sign} 1) or disappeared ({@code sign} -1). */
    void addWorking(long categoryId, CellState state, long sign) {
        if (state != null) {
            deltasOf(categoryId)[state == CellState.POSITIVE ? POSITIVE : NEGATIVE] += sign;
        }
    }

    /** Records that a ground-truth cell of the state appeared ({@code sign} 1) or disappeared ({@code sign} -1). */
    void addComplete(long categoryId, CellState state, long sign) {
        if (state != null) {
            deltasOf(categoryId)[state == CellState.POSITIVE ? COMPLETE_POSITIVE : COMPLETE_NEGATIVE] += sign;
        }
    }

    /** Adds whole counts of one category at once, as a bulk insert computes them. */
    void addCounts(long categoryId, long positive, long negative, boolean complete) {
        long[] counts = deltasOf(categoryId);
        counts[complete ? COMPLETE_POSITIVE : POSITIVE] += positive;
        counts[complete ? COMPLETE_NEGATIVE : NEGATIVE] += negative;
    }

    /** Writes the collected deltas and clears them. */
    void flush(Connection connection) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        // A row first, then the deltas: an upsert would check the inserted row's CHECK (count >= 0)
        // against a negative delta before it turns into an update.
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO category_label_count (category_id) VALUES (?)");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE category_label_count SET positive = positive + ?, negative = negative + ?,"
                                + " complete_positive = complete_positive + ?,"
                                + " complete_negative = complete_negative + ? WHERE category_id = ?")) {
            for (Map.Entry<Long, long[]> entry : deltas.entrySet()) {
                long[] counts = entry.getValue();
                insert.setLong(1, entry.getKey());
                insert.addBatch();
                for (int i = 0; i < counts.length; i++) {
                    update.setLong(1 + i, counts[i]);
                }
                update.setLong(5, entry.getKey());
                update.addBatch();
            }
            insert.executeBatch();
            update.executeBatch();
        }
        deltas.clear();
    }

    private long[] deltasOf(long categoryId) {
        return deltas.computeIfAbsent(categoryId, id -> new long[4]);
    }
}
