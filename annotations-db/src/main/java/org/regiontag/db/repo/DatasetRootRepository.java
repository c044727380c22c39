package org.regiontag.db.repo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code dataset_root} table. Create one per transaction with that transaction's connection. */
public final class DatasetRootRepository {

    private static final String COLUMNS = "id, path, exhaustive";

    private final Connection connection;

    public DatasetRootRepository(Connection connection) {
        this.connection = connection;
    }

    public Optional<DatasetRoot> findRootByPath(Path path) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM dataset_root WHERE path = ?")) {
            select.setString(1, path.toString());
            return readOne(select);
        }
    }

    public Optional<DatasetRoot> findRootById(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM dataset_root WHERE id = ?")) {
            select.setLong(1, id);
            return readOne(select);
        }
    }

    public List<DatasetRoot> findAllRoots() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM dataset_root ORDER BY id");
                ResultSet rows = select.executeQuery()) {
            List<DatasetRoot> roots = new ArrayList<>();
            while (rows.next()) {
                roots.add(read(rows));
            }
            return roots;
        }
    }

    /** Inserts a root with an absolute, normalised path and returns its id. */
    public long insertRoot(Path path, boolean exhaustive, String createdAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO dataset_root (path, exhaustive, created_at) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, path.toString());
            insert.setInt(2, exhaustive ? 1 : 0);
            insert.setString(3, createdAt);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public void updateRootExhaustive(long id, boolean exhaustive) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE dataset_root SET exhaustive = ? WHERE id = ?")) {
            update.setInt(1, exhaustive ? 1 : 0);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    /** Points a root at the folder a dataset moved to; image paths stay relative to it. */
    public void updateRootPath(long id, Path newPath) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE dataset_root SET path = ? WHERE id = ?")) {
            update.setString(1, newPath.toString());
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    private static Optional<DatasetRoot> readOne(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(read(row)) : Optional.empty();
        }
    }

    private static DatasetRoot read(ResultSet row) throws SQLException {
        return new DatasetRoot(row.getLong("id"), Path.of(row.getString("path")), row.getInt("exhaustive") == 1);
    }
}
