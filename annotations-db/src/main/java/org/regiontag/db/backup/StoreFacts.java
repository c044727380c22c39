package org.regiontag.db.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;

/**
 * Facts a backup records about the store copy it contains.
 *
 * @param projectName the project's name
 * @param createdAt when the copy was taken, in the store's time format
 * @param fingerprint a summary of the store's content that changes with every label change,
 *     import, model version and suggestion run (see {@link #fingerprint})
 * @param modelFolders the folders under {@code models/} that the model versions name
 */
record StoreFacts(String projectName, String createdAt, String fingerprint, Set<String> modelFolders) {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.backup.messages",
            StoreFacts.class);

    /** Reads the facts of a store copy that no other connection uses. */
    static StoreFacts read(Path store, String createdAt) throws java.io.IOException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store)) {
            String name;
            try (PreparedStatement select = connection.prepareStatement("SELECT name FROM project WHERE id = 1");
                    ResultSet row = select.executeQuery()) {
                name = row.next() ? row.getString(1) : "";
            }
            List<String> weightsFiles = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT weights_file FROM model_version ORDER BY id");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    weightsFiles.add(rows.getString(1));
                }
            }
            return new StoreFacts(name, createdAt, fingerprint(connection),
                    BackupService.modelFolderNames(weightsFiles));
        } catch (SQLException e) {
            throw new java.io.IOException("reading the store copy " + store + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Summarises the store's content: the newest label event, batch, image and model version ids, and
     * the label, suggestion and category counts. Every write a user or a job makes changes one of
     * them. NOTE: a metrics update of an existing model version changes none of them, so an
     * automatic backup right after one is skipped and the newest backup keeps the older metrics.
     */
    static String fingerprint(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT"
                + " (SELECT coalesce(max(id), 0) FROM label_event), (SELECT coalesce(max(id), 0) FROM label_batch),"
                + " (SELECT count(*) FROM label), (SELECT coalesce(max(id), 0) FROM image),"
                + " (SELECT count(*) FROM category), (SELECT coalesce(max(id), 0) FROM model_version),"
                + " (SELECT count(*) FROM suggestion), (SELECT coalesce(max(id), 0) FROM suggestion)");
                ResultSet row = select.executeQuery()) {
            row.next();
            return "events=" + row.getLong(1) + ";batches=" + row.getLong(2) + ";labels=" + row.getLong(3)
                    + ";images=" + row.getLong(4) + ";categories=" + row.getLong(5) + ";versions=" + row.getLong(6)
                    + ";suggestions=" + row.getLong(7) + "/" + row.getLong(8);
        }
    }

    /**
     * Runs {@code PRAGMA integrity_check} on a restored store.
     *
     * @throws UserInputException naming the backup when the check reports damage
     */
    static void checkIntegrity(Path store, Path backup) {
        List<String> messages = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store);
                PreparedStatement check = connection.prepareStatement("PRAGMA integrity_check");
                ResultSet rows = check.executeQuery()) {
            while (rows.next()) {
                messages.add(rows.getString(1));
            }
        } catch (SQLException e) {
            messages.add(e.getMessage());
        }
        if (!messages.equals(List.of("ok"))) {
            String first = messages.isEmpty() ? "no result" : messages.get(0).replace('\n', ' ');
            throw new UserInputException(MESSAGES.format("restore.damaged", backup, first));
        }
    }
}
