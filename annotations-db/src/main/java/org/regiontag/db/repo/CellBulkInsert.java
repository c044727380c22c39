package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.regiontag.db.io.CellState;

/**
 * Inserts the known cells of images that have no rows yet in {@code label} or
 * {@code complete_label}, one statement per image: SQLite expands a string of per-category states
 * into rows, so a COCO-sized import runs 118,000 statements instead of binding 9.4 million rows
 * through JDBC, and the rows arrive in primary-key order when the images come in id order.
 *
 * <p>Use it inside a write transaction and close it before the transaction ends: closing runs the
 * last statements and writes the category counts.
 */
public final class CellBulkInsert implements AutoCloseable {

    /** Images per JDBC batch. */
    private static final int IMAGES_PER_BATCH = 1_000;
    private static final char UNKNOWN = '?';
    private static final char POSITIVE = '+';
    private static final char NEGATIVE = '-';
    /** Numbers the temporary category tables, so that two bulk inserts on one connection never share one. */
    private static final AtomicLong TABLE_NUMBERS = new AtomicLong();

    private final Connection connection;
    private final long[] categoryIds;
    private final boolean complete;
    private final String positionTable;
    private final PreparedStatement insert;
    private final String source;
    private final long batchId;
    private final char[] codes;
    private final long[] positives;
    private final long[] negatives;
    private int pending;
    private long rows;

    private CellBulkInsert(Connection connection, long[] categoryIds, boolean complete, LabelSource source,
            long batchId) throws SQLException {
        this.connection = connection;
        this.categoryIds = categoryIds.clone();
        this.complete = complete;
        this.source = source == null ? null : source.storeName();
        this.batchId = batchId;
        this.codes = new char[categoryIds.length];
        this.positives = new long[categoryIds.length];
        this.negatives = new long[categoryIds.length];
        this.positionTable = "bulk_category_position_" + TABLE_NUMBERS.incrementAndGet();
        createPositionTable();

        // The position table's key is the category id, so its scan yields the rows of one image in
        // key order without a sort. ?2 contains one character per position: '+', '-' or '?'.
        String state = "CASE substr(?2, p.position, 1) WHEN '+' THEN 'positive' ELSE 'negative' END";
        String from = " FROM temp." + positionTable + " p WHERE substr(?2, p.position, 1) <> '?'"
                + " ORDER BY p.category_id";
        if (complete) {
            insert = connection.prepareStatement("INSERT INTO complete_label (image_id, category_id, state)"
                    + " SELECT ?1, p.category_id, " + state + from);
        } else {
            insert = connection.prepareStatement("INSERT INTO label (image_id, category_id, state, source, batch_id)"
                    + " SELECT ?1, p.category_id, " + state + ", ?3, ?4" + from);
        }
    }

    static CellBulkInsert intoLabels(Connection connection, long[] categoryIds, LabelSource source, long batchId)
            throws SQLException {
        return new CellBulkInsert(connection, categoryIds, false, source, batchId);
    }

    static CellBulkInsert intoCompleteLabels(Connection connection, long[] categoryIds) throws SQLException {
        return new CellBulkInsert(connection, categoryIds, true, null, 0);
    }

    /**
     * Inserts the known cells of one image.
     *
     * @param states the state of each position of the category ids; {@code null} for unknown. The
     *     caller may reuse the array.
     */
    public void insert(long imageId, CellState[] states) throws SQLException {
        if (states.length != codes.length) {
            throw new IllegalArgumentException("expected " + codes.length + " states, got " + states.length);
        }
        int known = 0;
        for (int i = 0; i < states.length; i++) {
            CellState state = states[i];
            if (state == null) {
                codes[i] = UNKNOWN;
            } else if (state == CellState.POSITIVE) {
                codes[i] = POSITIVE;
                positives[i]++;
                known++;
            } else {
                codes[i] = NEGATIVE;
                negatives[i]++;
                known++;
            }
        }
        if (known == 0) {
            return;
        }

        insert.setLong(1, imageId);
        insert.setString(2, new String(codes));
        if (!complete) {
            // Set for every image: sqlite-jdbc clears all parameters when a batch runs.
            insert.setString(3, source);
            insert.setLong(4, batchId);
        }
        insert.addBatch();
        rows += known;
        if (++pending == IMAGES_PER_BATCH) {
            insert.executeBatch();
            pending = 0;
        }
    }

    /** Returns the number of rows inserted so far. */
    public long rows() {
        return rows;
    }

    /** Runs the remaining statements, writes the category counts and drops the temporary table. */
    @Override
    public void close() throws SQLException {
        try (insert) {
            if (pending > 0) {
                insert.executeBatch();
                pending = 0;
            }
            LabelCountDeltas counts = new LabelCountDeltas();
            for (int i = 0; i < categoryIds.length; i++) {
                if (positives[i] != 0 || negatives[i] != 0) {
                    counts.addCounts(categoryIds[i], positives[i], negatives[i], complete);
                }
            }
            counts.flush(connection);
        } finally {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS temp." + positionTable);
            }
        }
    }

    private void createPositionTable() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + positionTable
                    + " (category_id INTEGER PRIMARY KEY, position INTEGER NOT NULL)");
        }
        try (PreparedStatement insertPosition = connection.prepareStatement(
                "INSERT INTO temp." + positionTable + " (category_id, position) VALUES (?, ?)")) {
            for (int i = 0; i < categoryIds.length; i++) {
                insertPosition.setLong(1, categoryIds[i]);
                insertPosition.setInt(2, i + 1);
                insertPosition.addBatch();
            }
            insertPosition.executeBatch();
        }
    }
}
