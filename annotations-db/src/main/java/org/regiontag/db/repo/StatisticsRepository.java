package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts over the whole project, computed by SQL aggregates. */
public final class StatisticsRepository {

    private final Connection connection;

    public StatisticsRepository(Connection connection) {
        this.connection = connection;
    }

    public Statistics computeStatistics() throws SQLException {
        long images;
        long missing;
        long damaged;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(*), coalesce(sum(status = 'missing'), 0), coalesce(sum(status = 'damaged'), 0)"
                        + " FROM image");
                ResultSet row = select.executeQuery()) {
            row.next();
            images = row.getLong(1);
            missing = row.getLong(2);
            damaged = row.getLong(3);
        }

        List<Category> categories = new CategoryRepository(connection).findAllCategories();
        Map<Long, long[]> working = countByCategory("label");
        List<CategoryCounts> workingCounts = toCounts(categories, working, images);

        Statistics.GroundTruthCounts groundTruth = null;
        long imagesWithGroundTruth = countImagesWithGroundTruth();
        if (imagesWithGroundTruth > 0) {
            Map<Long, long[]> complete = countByCategory("complete_label");
            groundTruth = new Statistics.GroundTruthCounts(imagesWithGroundTruth,
                    toCounts(categories, complete, imagesWithGroundTruth));
        }

        long pending;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM suggestion WHERE status = 'pending'");
                ResultSet row = select.executeQuery()) {
            row.next();
            pending = row.getLong(1);
        }
        return new Statistics(images, missing, damaged, workingCounts, groundTruth, pending);
    }

    /** Positive and negative counts by category id in {@code label} or {@code complete_label}. */
    private Map<Long, long[]> countByCategory(String table) throws SQLException {
        // The table name is one of two constants, never user input.
        String sql = "SELECT category_id, sum(state = 'positive'), sum(state = 'negative') FROM " + table
                + " GROUP BY category_id";
        try (PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            Map<Long, long[]> counts = new HashMap<>();
            while (rows.next()) {
                counts.put(rows.getLong(1), new long[] {rows.getLong(2), rows.getLong(3)});
            }
            return counts;
        }
    }

    private long countImagesWithGroundTruth() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(DISTINCT image_id) FROM complete_label");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<CategoryCounts> toCounts(List<Category> categories, Map<Long, long[]> counts, long images) {
        List<CategoryCounts> result = new ArrayList<>(categories.size());
        for (Category category : categories) {
            long[] known = counts.getOrDefault(category.id(), new long[2]);
            result.add(new CategoryCounts(category.name(), known[0], known[1], images - known[0] - known[1]));
        }
        return result;
    }
}
