package org.regiontag.db.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code project_setting} table: text values by key. Create one per transaction with that
 * transaction's connection.
 */
public final class SettingRepository {

    private final Connection connection;

    public SettingRepository(Connection connection) {
        this.connection = connection;
    }

    public Optional<String> findSetting(String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT value FROM project_setting WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /** Finds every setting, ordered by key. */
    public Map<String, String> findAllSettings() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT key, value FROM project_setting ORDER BY key");
                ResultSet rows = select.executeQuery()) {
            Map<String, String> settings = new LinkedHashMap<>();
            while (rows.next()) {
                settings.put(rows.getString(1), rows.getString(2));
            }
            return settings;
        }
    }

    /** Sets a value, replacing the key's previous one. */
    public void upsertSetting(String key, String value) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO project_setting (key, value) VALUES (?, ?)"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            upsert.setString(1, key);
            upsert.setString(2, value);
            upsert.executeUpdate();
        }
    }

    /** Removes a key; returns whether it was set. */
    public boolean deleteSetting(String key) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM project_setting WHERE key = ?")) {
            delete.setString(1, key);
            return delete.executeUpdate() > 0;
        }
    }
}
