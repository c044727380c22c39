package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code model_version} table. Create one per transaction with that transaction's connection. */
public final class ModelVersionRepository {

    private static final String COLUMNS = "id, parent_id, backbone, training_config, metrics, weights_file, created_at";

    private final Connection connection;

    public ModelVersionRepository(Connection connection) {
        this.connection = connection;
    }

    /**
     * Inserts a version and returns its id.
     *
     * @param trainingConfig a JSON object; the store rejects text that is not valid JSON
     * @param metrics a JSON object, or {@code null}
     */
    public long insertModelVersion(Long parentId, String backbone, String trainingConfig, String metrics,
            String weightsFile, String createdAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO model_version (parent_id, backbone, training_config, metrics, weights_file, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            StoreValues.setNullableLong(insert, 1, parentId);
            insert.setString(2, backbone);
            insert.setString(3, trainingConfig);
            StoreValues.setNullableString(insert, 4, metrics);
            insert.setString(5, weightsFile);
            insert.setString(6, createdAt);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public void updateMetrics(long id, String metrics) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE model_version SET metrics = ? WHERE id = ?")) {
            StoreValues.setNullableString(update, 1, metrics);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    public Optional<ModelVersion> findModelVersion(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM model_version WHERE id = ?")) {
            select.setLong(1, id);
            return readOne(select);
        }
    }

    /** The newest version, which suggestions and heatmaps use by default. */
    public Optional<ModelVersion> findLatestModelVersion() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM model_version ORDER BY id DESC LIMIT 1")) {
            return readOne(select);
        }
    }

    public List<ModelVersion> findAllModelVersions() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM model_version ORDER BY id");
                ResultSet rows = select.executeQuery()) {
            List<ModelVersion> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(read(rows));
            }
            return versions;
        }
    }

    private static Optional<ModelVersion> readOne(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(read(row)) : Optional.empty();
        }
    }

    private static ModelVersion read(ResultSet row) throws SQLException {
        return new ModelVersion(row.getLong("id"), StoreValues.getNullableLong(row, "parent_id"),
                row.getString("backbone"), row.getString("training_config"), row.getString("metrics"),
                row.getString("weights_file"), row.getString("created_at"));
    }
}
