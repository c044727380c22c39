package org.regiontag.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * A project folder: the store {@code project.sqlite} (the single source of truth for labels), and
 * the folders {@code features/} (cached backbone outputs), {@code models/} (trained heads of each
 * model version) and {@code exports/} (the default target of exports). Images are never copied
 * into it.
 */
public final class Project implements AutoCloseable {

    public static final String STORE_FILE = "project.sqlite";
    public static final String FEATURES_FOLDER = "features";
    public static final String MODELS_FOLDER = "models";
    public static final String EXPORTS_FOLDER = "exports";

    /** The first 16 bytes of every SQLite 3 database file. */
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final Path folder;
    private final Database database;
    private final String name;

    private Project(Path folder, Database database, String name) {
        this.folder = folder;
        this.database = database;
        this.name = name;
    }

    /** Creates a project in a new or empty folder, with the system clock. */
    public static Project create(Path folder, String name) {
        return create(folder, name, Clock.systemUTC());
    }

    /**
     * Creates a project in a new or empty folder.
     *
     * @param name the project's name; {@code null} takes the folder's name
     * @throws UserInputException when the folder is a file, already a project, or not empty
     */
    public static Project create(Path folder, String name, Clock clock) {
        Path target = folder.toAbsolutePath().normalize();
        String projectName = name != null ? name.strip() : String.valueOf(target.getFileName());
        if (projectName.isEmpty()) {
            throw new UserInputException(Messages.format("project.blankName"));
        }
        checkCanCreateIn(target);

        try {
            Files.createDirectories(target);
            createSubfolders(target);
        } catch (IOException e) {
            throw new UserInputException(Messages.format("project.cannotCreate", target, e.getMessage()), e);
        }

        Path storeFile = target.resolve(STORE_FILE);
        Migrations.migrate(storeFile);
        Database database = Database.open(storeFile, clock);
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO project (id, name, created_at) VALUES (1, ?, ?)")) {
                    insert.setString(1, projectName);
                    insert.setString(2, database.now());
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return new Project(target, database, projectName);
    }

    /** Opens an existing project with the system clock. */
    public static Project open(Path folder) {
        return open(folder, Clock.systemUTC());
    }

    /**
     * Opens an existing project and brings its store to this program's schema version.
     *
     * @throws UserInputException when the folder is not a project, its store is not a SQLite file,
     *     or a newer RegionTag wrote it
     */
    public static Project open(Path folder, Clock clock) {
        Path target = folder.toAbsolutePath().normalize();
        Path storeFile = target.resolve(STORE_FILE);
        if (!Files.isDirectory(target)) {
            throw new UserInputException(Messages.format("project.noFolder", target));
        }
        if (!Files.isRegularFile(storeFile)) {
            throw new UserInputException(Messages.format("project.notAProject", target, STORE_FILE));
        }
        checkIsSqlite(storeFile);

        Database database = Database.open(storeFile, clock);
        try {
            checkHasSchemaHistory(database, storeFile);
            Migrations.migrate(storeFile);
            createSubfolders(target);
            String name = database.read(connection -> {
                try (PreparedStatement select = connection.prepareStatement("SELECT name FROM project WHERE id = 1");
                        ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getString(1) : String.valueOf(target.getFileName());
                }
            });
            return new Project(target, database, name);
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public Path folder() {
        return folder;
    }

    public String name() {
        return name;
    }

    public Database database() {
        return database;
    }

    public Path featuresFolder() {
        return folder.resolve(FEATURES_FOLDER);
    }

    public Path modelsFolder() {
        return folder.resolve(MODELS_FOLDER);
    }

    public Path exportsFolder() {
        return folder.resolve(EXPORTS_FOLDER);
    }

    @Override
    public void close() {
        database.close();
    }

    private static void checkCanCreateIn(Path target) {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new UserInputException(Messages.format("project.isAFile", target));
        }
        if (Files.exists(target.resolve(STORE_FILE))) {
            throw new UserInputException(Messages.format("project.alreadyAProject", target));
        }
        if (Files.isDirectory(target)) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new UserInputException(Messages.format("project.folderNotEmpty", target));
                }
            } catch (IOException e) {
                throw new UserInputException(Messages.format("project.cannotCreate", target, e.getMessage()), e);
            }
        }
    }

    private static void createSubfolders(Path target) throws IOException {
        Files.createDirectories(target.resolve(FEATURES_FOLDER));
        Files.createDirectories(target.resolve(MODELS_FOLDER));
        Files.createDirectories(target.resolve(EXPORTS_FOLDER));
    }

    private static void checkIsSqlite(Path storeFile) {
        byte[] header = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(storeFile)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new UserInputException(Messages.format("project.unreadableStore", storeFile, e.getMessage()), e);
        }
        if (read < header.length || !Arrays.equals(header, SQLITE_HEADER)) {
            throw new UserInputException(Messages.format("project.storeNotSqlite", storeFile));
        }
    }

    /** A SQLite file that Flyway never migrated is some other program's database, not a project store. */
    private static void checkHasSchemaHistory(Database database, Path storeFile) {
        boolean hasHistory = database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'");
                    ResultSet row = select.executeQuery()) {
                return row.next();
            }
        });
        if (!hasHistory) {
            throw new UserInputException(Messages.format("project.storeNotRegionTag", storeFile));
        }
    }
}
