package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.regiontag.db.image.ImageStatus;

/** The {@code image} table. Create one per transaction with that transaction's connection. */
public final class ImageRepository {

    private static final String COLUMNS =
            "id, root_id, path, width, height, sha256, orientation, split, status, status_reason";

    private final Connection connection;

    public ImageRepository(Connection connection) {
        this.connection = connection;
    }

    public Optional<ImageRecord> findImageById(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM image WHERE id = ?")) {
            select.setLong(1, id);
            return readOne(select);
        }
    }

    public Optional<ImageRecord> findImageByPath(long rootId, String relativePath) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM image WHERE root_id = ? AND path = ?")) {
            select.setLong(1, rootId);
            select.setString(2, relativePath);
            return readOne(select);
        }
    }

    /** Finds the images with this relative path under any root (several when two roots have the same layout). */
    public List<ImageRecord> findImagesByRelativePath(String relativePath) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM image WHERE path = ? ORDER BY id")) {
            select.setString(1, relativePath);
            return readAll(select);
        }
    }

    /** Finds the ids of a root's images by relative path. */
    public Map<String, Long> findImageIdsByRoot(long rootId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, path FROM image WHERE root_id = ?")) {
            select.setLong(1, rootId);
            try (ResultSet rows = select.executeQuery()) {
                Map<String, Long> ids = new HashMap<>();
                while (rows.next()) {
                    ids.put(rows.getString(2), rows.getLong(1));
                }
                return ids;
            }
        }
    }

    public List<ImageRecord> findImagesByRoot(long rootId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM image WHERE root_id = ? ORDER BY id")) {
            select.setLong(1, rootId);
            return readAll(select);
        }
    }

    /** Finds the images that pass the filter, by id, at most {@code filter.limit()} of them. */
    public List<ImageRecord> findImages(ImageFilter filter) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM image i WHERE i.id > ?");
        if (filter.split() != null) {
            sql.append(" AND i.split = ?");
        }
        if (filter.status() != null) {
            sql.append(" AND i.status = ?");
        }
        if (filter.unknownCategoryId() != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM label l WHERE l.image_id = i.id AND l.category_id = ?)");
        }
        if (filter.withPendingSuggestions()) {
            sql.append(" AND EXISTS (SELECT 1 FROM suggestion s WHERE s.image_id = i.id AND s.status = 'pending')");
        }
        sql.append(" ORDER BY i.id LIMIT ?");

        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int index = 1;
            select.setLong(index++, filter.afterId());
            if (filter.split() != null) {
                select.setString(index++, filter.split().storeName());
            }
            if (filter.status() != null) {
                select.setString(index++, filter.status().storeName());
            }
            if (filter.unknownCategoryId() != null) {
                select.setLong(index++, filter.unknownCategoryId());
            }
            select.setInt(index, filter.limit());
            return readAll(select);
        }
    }

    /** Streams every image in id order, so an export need not hold them all. */
    public void forEachImage(Consumer<ImageRecord> consumer) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM image ORDER BY id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                consumer.accept(read(rows));
            }
        }
    }

    public long findMaxImageId() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(max(id), 0) FROM image");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Inserts images with the ids they carry, in one batch. */
    public void insertImages(List<ImageRecord> images) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO image (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ImageRecord image : images) {
                insert.setLong(1, image.id());
                insert.setLong(2, image.rootId());
                insert.setString(3, image.path());
                bindFile(insert, 4, image);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Updates size, hash, orientation, split and status of images that already exist, in one batch. */
    public void updateImages(List<ImageRecord> images) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE image SET width = ?, height = ?, sha256 = ?, orientation = ?, split = ?, status = ?,"
                        + " status_reason = ? WHERE id = ?")) {
            for (ImageRecord image : images) {
                bindFile(update, 1, image);
                update.setLong(8, image.id());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /**
     * Sets an image's status and reason, such as {@code damaged} when its pixels fail to decode;
     * the reason must be {@code null} exactly when the status is {@code ok}.
     */
    public void updateImageStatus(long id, ImageStatus status, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE image SET status = ?, status_reason = ? WHERE id = ?")) {
            update.setString(1, StoreValues.storeName(status));
            StoreValues.setNullableString(update, 2, reason);
            update.setLong(3, id);
            update.executeUpdate();
        }
    }

    private static void bindFile(PreparedStatement statement, int first, ImageRecord image) throws SQLException {
        statement.setInt(first, image.width());
        statement.setInt(first + 1, image.height());
        StoreValues.setNullableString(statement, first + 2, image.sha256());
        statement.setInt(first + 3, image.orientation());
        statement.setString(first + 4, StoreValues.storeName(image.split()));
        statement.setString(first + 5, StoreValues.storeName(image.status()));
        StoreValues.setNullableString(statement, first + 6, image.statusReason());
    }

    private static Optional<ImageRecord> readOne(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(read(row)) : Optional.empty();
        }
    }

    private static List<ImageRecord> readAll(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<ImageRecord> images = new ArrayList<>();
            while (rows.next()) {
                images.add(read(rows));
            }
            return images;
        }
    }

    private static ImageRecord read(ResultSet row) throws SQLException {
        return new ImageRecord(row.getLong("id"), row.getLong("root_id"), row.getString("path"), row.getInt("width"),
                row.getInt("height"), row.getString("sha256"), row.getInt("orientation"),
                StoreValues.split(row.getString("split")), StoreValues.imageStatus(row.getString("status")),
                row.getString("status_reason"));
    }
}
