package org.regiontag.engine.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.regiontag.db.Project;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.engine.project.ModelVersionFiles;
import org.regiontag.engine.project.ModelVersions;

/**
 * What must hold in a project after any crash: SQLite's own checks pass, every acknowledged
 * commit is there with its history, the history agrees with the labels, the per-category counts
 * agree with the label rows, and every registered model version loads whole.
 */
final class StoreInvariants {

    /**
     * What a check found.
     *
     * @param problems every violated invariant, one line each; empty when all hold
     * @param orphanWeightFiles version folders under {@code models/} that no model version names (a
     *     round killed after its folder was renamed into place and before its row was committed)
     * @param temporaryFiles leftover staging folders under {@code models/} (a round killed while
     *     writing its files)
     */
    record Result(List<String> problems, int orphanWeightFiles, int temporaryFiles) {
    }

    private StoreInvariants() {
    }

    /**
     * Runs SQLite's integrity and foreign-key checks on the closed store file, then opens the
     * project and checks the acknowledged commits and the invariants.
     */
    static Result check(Path projectDir, List<AckLog.Entry> acks) throws IOException, SQLException {
        List<String> problems = new ArrayList<>();
        Path store = projectDir.resolve(Project.STORE_FILE);
        boolean created = acks.stream().anyMatch(entry -> entry.kind().equals("created"));
        if (!Files.exists(store)) {
            if (created) {
                problems.add("the store file is gone although the project was created");
            }
            return new Result(problems, 0, 0);
        }

        checkSqlite(store, problems);
        if (!problems.isEmpty()) {
            return new Result(problems, 0, 0);
        }
        Project project;
        try {
            project = Project.open(projectDir);
        } catch (RuntimeException e) {
            problems.add("the project does not open after the crash: " + e.getMessage());
            return new Result(problems, 0, 0);
        }
        try (project) {
            project.database().read(connection -> {
                checkAcknowledged(connection, acks, projectDir, problems);
                checkHistory(connection, problems);
                checkCounts(connection, problems);
                checkUndoStack(connection, problems);
                return null;
            });
            return checkModelFiles(project, problems);
        }
    }

    private static void checkSqlite(Path store, List<String> problems) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            List<String> integrity = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
                while (rows.next()) {
                    integrity.add(rows.getString(1));
                }
            }
            if (!integrity.equals(List.of("ok"))) {
                problems.add("PRAGMA integrity_check: " + integrity);
            }
            try (ResultSet rows = statement.executeQuery("PRAGMA foreign_key_check")) {
                while (rows.next()) {
                    problems.add("PRAGMA foreign_key_check: row " + rows.getLong(2) + " of " + rows.getString(1)
                            + " points to a missing row of " + rows.getString(3));
                }
            }
        }
    }

    private static void checkAcknowledged(Connection connection, List<AckLog.Entry> acks, Path projectDir,
            List<String> problems) throws SQLException {
        for (AckLog.Entry ack : acks) {
            switch (ack.kind()) {
                case "created" -> {
                    if (count(connection, "SELECT count(*) FROM project") != 1) {
                        problems.add("acknowledged creation, but the project row is missing");
                    }
                }
                case "import" -> requireBatch(connection, ack.longField(0), "import", problems, ack);
                case "edit" -> checkEdit(connection, ack, problems);
                case "undo" -> checkUndoRedo(connection, ack, "undo", problems);
                case "redo" -> checkUndoRedo(connection, ack, "redo", problems);
                case "decide" -> {
                    long batch = ack.longField(0);
                    requireBatch(connection, batch, "edit", problems, ack);
                    long events = count(connection, "SELECT count(*) FROM label_event WHERE batch_id = " + batch
                            + " AND suggestion_id = " + ack.longField(1));
                    if (events != 1) {
                        problems.add("acknowledged " + ack + " has " + events + " events deciding its suggestion");
                    }
                }
                case "decide-batch" -> {
                    long batch = ack.longField(0);
                    requireBatch(connection, batch, "edit", problems, ack);
                    long events = count(connection, "SELECT count(*) FROM label_event WHERE batch_id = " + batch
                            + " AND suggestion_id IS NOT NULL");
                    if (events != ack.longField(1)) {
                        problems.add("acknowledged " + ack + " has " + events + " decision events");
                    }
                }
                case "suggest" -> {
                    long stored = count(connection, "SELECT count(*) FROM suggestion WHERE model_version_id = "
                            + ack.longField(0));
                    if (stored < ack.longField(1)) {
                        problems.add("acknowledged " + ack + " but only " + stored + " suggestions of the version exist");
                    }
                }
                case "model" -> checkModelAck(connection, ack, projectDir, problems);
                default -> {
                    // begin, opening, opened, creating, declined: progress markers, nothing committed.
                }
            }
        }
    }

    private static void checkEdit(Connection connection, AckLog.Entry ack, List<String> problems)
            throws SQLException {
        long batch = ack.longField(0);
        requireBatch(connection, batch, "edit", problems, ack);
        Map<String, String> requested = new HashMap<>();
        for (String cell : ack.field(2).split(";")) {
            int last = cell.lastIndexOf(':');
            requested.put(cell.substring(0, last), cell.substring(last + 1));
        }
        int events = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT image_id, category_id, new_state FROM label_event WHERE batch_id = ?")) {
            select.setLong(1, batch);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events++;
                    String cell = rows.getLong(1) + ":" + rows.getLong(2);
                    String state = stateCode(rows.getString(3));
                    if (!state.equals(requested.get(cell))) {
                        problems.add("event of acknowledged edit " + batch + " sets " + cell + " to " + state
                                + ", the edit requested " + requested.get(cell));
                    }
                }
            }
        }
        if (events != ack.longField(1)) {
            problems.add("acknowledged edit " + batch + " changed " + ack.field(1) + " cells but has " + events
                    + " events");
        }
    }

    private static void checkUndoRedo(Connection connection, AckLog.Entry ack, String kind, List<String> problems)
            throws SQLException {
        long batch = ack.longField(0);
        requireBatch(connection, batch, kind, problems, ack);
        long events = count(connection, "SELECT count(*) FROM label_event WHERE batch_id = " + batch);
        if (events != ack.longField(1)) {
            problems.add("acknowledged " + kind + " " + batch + " changed " + ack.field(1) + " cells but has "
                    + events + " events");
        }
        long withTarget = count(connection, "SELECT count(*) FROM label_batch b JOIN label_batch t"
                + " ON t.id = b.target_id AND t.kind = 'edit' WHERE b.id = " + batch);
        if (withTarget != 1) {
            problems.add("acknowledged " + kind + " " + batch + " does not name the edit it acts on");
        }
    }

    private static void checkModelAck(Connection connection, AckLog.Entry ack, Path projectDir,
            List<String> problems) throws SQLException {
        long id = ack.longField(0);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT weights_file FROM model_version WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    problems.add("acknowledged model version " + id + " is missing");
                } else if (!row.getString(1).equals(ack.field(1))) {
                    problems.add("model version " + id + " names " + row.getString(1) + ", acknowledged "
                            + ack.field(1));
                }
            }
        }
    }

    /**
     * Replays the history per cell: the newest event of every cell must have written what its label
     * row holds now, and a label without events must come from an import.
     */
    private static void checkHistory(Connection connection, List<String> problems) throws SQLException {
        Map<String, String> labels = new HashMap<>();
        Map<String, Long> importBatches = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT l.image_id, l.category_id, l.state, l.source, b.kind, b.id FROM label l"
                        + " JOIN label_batch b ON b.id = l.batch_id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String cell = rows.getLong(1) + ":" + rows.getLong(2);
                labels.put(cell, rows.getString(3) + "/" + rows.getString(4));
                if (rows.getString(4).equals("imported") && rows.getString(5).equals("import")) {
                    importBatches.put(cell, rows.getLong(6));
                }
            }
        }
        Set<String> cellsWithEvents = new HashSet<>();
        int reported = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT e.image_id, e.category_id, e.new_state, e.new_source, e.batch_id FROM label_event e"
                        + " JOIN (SELECT max(id) AS id FROM label_event GROUP BY image_id, category_id) newest"
                        + " ON newest.id = e.id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String cell = rows.getLong(1) + ":" + rows.getLong(2);
                cellsWithEvents.add(cell);
                String written = rows.getString(3) == null ? null : rows.getString(3) + "/" + rows.getString(4);
                String current = labels.get(cell);
                // An import that makes an unknown cell known records no event; its batch is newer than the event's.
                boolean importedSince = written == null && importBatches.getOrDefault(cell, 0L) > rows.getLong(5);
                if (!java.util.Objects.equals(written, current) && !importedSince && reported++ < 10) {
                    problems.add("cell " + cell + " holds " + current + " but its newest event wrote " + written);
                }
            }
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!cellsWithEvents.contains(label.getKey()) && !importBatches.containsKey(label.getKey())
                    && reported++ < 10) {
                problems.add("cell " + label.getKey() + " holds " + label.getValue() + " without any history event");
            }
        }
    }

    private static void checkCounts(Connection connection, List<String> problems) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT c.id, coalesce(n.positive, 0), coalesce(n.negative, 0),"
                        + " (SELECT count(*) FROM label l WHERE l.category_id = c.id AND l.state = 'positive'),"
                        + " (SELECT count(*) FROM label l WHERE l.category_id = c.id AND l.state = 'negative')"
                        + " FROM category c LEFT JOIN category_label_count n ON n.category_id = c.id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                if (rows.getLong(2) != rows.getLong(4) || rows.getLong(3) != rows.getLong(5)) {
                    problems.add("category " + rows.getLong(1) + " counts " + rows.getLong(2) + "+/" + rows.getLong(3)
                            + "- but has " + rows.getLong(4) + "+/" + rows.getLong(5) + "- label rows");
                }
            }
        }
    }

    private static void checkUndoStack(Connection connection, List<String> problems) throws SQLException {
        long broken = count(connection, "SELECT count(*) FROM label_batch e WHERE e.kind = 'edit'"
                + " AND e.undo_state = 'undone' AND NOT EXISTS (SELECT 1 FROM label_batch u"
                + " WHERE u.id = e.undone_by AND u.kind = 'undo' AND u.target_id = e.id)");
        if (broken > 0) {
            problems.add(broken + " undone edits do not point to the undo that reverted them");
        }
    }

    /**
     * Loads every registered version as the engine does (its descriptor, configuration, weights and
     * text tensors, and its prototypes), so each must be complete. Version folders that no row
     * names (a round killed between renaming its folder into place and committing its row) and
     * staging folders are only counted, because the engine never reads them as versions.
     */
    private static Result checkModelFiles(Project project, List<String> problems) throws IOException {
        Set<String> registered = new HashSet<>();
        for (ModelVersion row : ModelVersions.findAll(project)) {
            registered.add(ModelVersionFiles.folderOf(project.modelsFolder(), row.weightsFile()).getFileName()
                    .toString());
            try {
                ModelVersions.Loaded loaded = ModelVersions.load(project, row);
                // The loader falls back to the text embeddings for a missing prototype row, so count the rows.
                long textPrototypes = project.database().read(connection -> count(connection,
                        "SELECT count(*) FROM prototype WHERE kind = 'text' AND model_version_id = " + row.id()));
                if (textPrototypes != loaded.descriptor().categories().size()) {
                    problems.add("model version " + row.id() + " has " + textPrototypes + " text prototypes for "
                            + loaded.descriptor().categories().size() + " categories");
                }
            } catch (RuntimeException e) {
                problems.add("model version " + row.id() + " (" + row.weightsFile() + ") does not load: " + e);
            }
        }

        int orphans = 0;
        int temporary = 0;
        Path models = project.modelsFolder();
        if (!Files.isDirectory(models)) {
            return new Result(problems, 0, 0);
        }
        try (Stream<Path> files = Files.list(models)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") && name.contains(".partial-")) {
                    temporary++;
                } else if (!registered.contains(name)) {
                    orphans++;
                }
            }
        }
        return new Result(problems, orphans, temporary);
    }

    private static void requireBatch(Connection connection, long id, String kind, List<String> problems,
            AckLog.Entry ack) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT kind FROM label_batch WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    problems.add("acknowledged " + ack + ": batch " + id + " is missing");
                } else if (!row.getString(1).equals(kind)) {
                    problems.add("acknowledged " + ack + ": batch " + id + " is a " + row.getString(1));
                }
            }
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String stateCode(String storeState) {
        return storeState == null ? "u" : storeState.equals("positive") ? "p" : "n";
    }
}
