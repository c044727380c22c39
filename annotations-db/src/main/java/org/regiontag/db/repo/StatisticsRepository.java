package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts over the whole project. Per-category counts come from {@code category_label_count}, which
 * the label repositories keep with every change, so statistics take milliseconds however many
 * labels there are.
 */
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
        Map<Long, long[]> working = new HashMap<>();
        Map<Long, long[]> complete = new HashMap<>();
        readCounts(working, complete);
        List<CategoryCounts> workingCounts = toCounts(categories, working, images);

        Statistics.GroundTruthCounts groundTruth = null;
        long imagesWithGroundTruth = countImagesWithGroundTruth();
        if (imagesWithGroundTruth > 0) {
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

    /** Reads the positive and negative counts by category id of the working labels and of the ground truth. */
    private void readCounts(Map<Long, long[]> working, Map<Long, long[]> complete) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT category_id, positive, negative, complete_positive, complete_negative"
                        + " FROM category_label_count");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                working.put(rows.getLong(1), new long[] {rows.getLong(2), rows.getLong(3)});
                complete.put(rows.getLong(1), new long[] {rows.getLong(4), rows.getLong(5)});
            }
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
