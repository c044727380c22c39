package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code category} table. Create one per transaction with that transaction's connection. */
public final class CategoryRepository {

    private static final String COLUMNS = "id, name, prompt_name, colour, sort_order, original_id";

    /** The golden angle in degrees: consecutive categories get hues far apart, however many there are. */
    private static final double GOLDEN_ANGLE_DEGREES = 137.50776;

    private final Connection connection;

    public CategoryRepository(Connection connection) {
        this.connection = connection;
    }

    /** Finds every category in display order. */
    public List<Category> findAllCategories() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM category ORDER BY sort_order, id");
                ResultSet rows = select.executeQuery()) {
            List<Category> categories = new ArrayList<>();
            while (rows.next()) {
                categories.add(read(rows));
            }
            return categories;
        }
    }

    public Optional<Category> findCategoryByName(String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM category WHERE name = ?")) {
            select.setString(1, name);
            return readOne(select);
        }
    }

    public Optional<Category> findCategoryById(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM category WHERE id = ?")) {
            select.setLong(1, id);
            return readOne(select);
        }
    }

    /** Finds the highest sort order in use, or -1 when there is no category. */
    public int findMaxSortOrder() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT coalesce(max(sort_order), -1) FROM category");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    /**
     * Inserts a category after the existing ones, with a prompt name and colour derived from its name
     * and position, and returns it.
     */
    public Category insertCategory(String name, String originalId) throws SQLException {
        int sortOrder = findMaxSortOrder() + 1;
        String promptName = promptNameOf(name);
        String colour = colourOf(sortOrder);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO category (name, prompt_name, colour, sort_order, original_id) VALUES (?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            insert.setString(2, promptName);
            insert.setString(3, colour);
            insert.setInt(4, sortOrder);
            StoreValues.setNullableString(insert, 5, originalId);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new Category(keys.getLong(1), name, promptName, colour, sortOrder, originalId);
            }
        }
    }

    public void updatePromptName(long id, String promptName) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE category SET prompt_name = ? WHERE id = ?")) {
            update.setString(1, promptName);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    /** Derives the words a text encoder reads from a category name: underscores and hyphens become spaces. */
    static String promptNameOf(String name) {
        String words = name.replace('_', ' ').replace('-', ' ').strip().replaceAll("\\s+", " ");
        return words.isEmpty() ? name : words;
    }

    /** Picks a distinct, fairly saturated colour for the category at {@code sortOrder}. */
    static String colourOf(int sortOrder) {
        float hue = (float) ((sortOrder * GOLDEN_ANGLE_DEGREES) % 360.0 / 360.0);
        int rgb = java.awt.Color.HSBtoRGB(hue, 0.65f, 0.90f) & 0xffffff;
        return String.format(Locale.ROOT, "#%06x", rgb);
    }

    private static Optional<Category> readOne(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(read(row)) : Optional.empty();
        }
    }

    private static Category read(ResultSet row) throws SQLException {
        return new Category(row.getLong("id"), row.getString("name"), row.getString("prompt_name"),
                row.getString("colour"), row.getInt("sort_order"), row.getString("original_id"));
    }
}
