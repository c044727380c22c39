package org.regiontag.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
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
    /** The store's name while {@link #create} builds it; renamed to {@link #STORE_FILE} when complete. */
    static final String CREATING_STORE_FILE = ".project.sqlite.creating";
    /** Files that SQLite keeps beside a database while it is open, by suffix. */
    private static final List<String> SQLITE_SIDE_FILES = List.of("", "-wal", "-shm", "-journal");

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
     * <p>The store is built under a temporary name ({@value #CREATING_STORE_FILE}) and renamed to
     * {@value #STORE_FILE} once its schema and project row are committed, so a folder has a store
     * only when it is a whole project. A folder that holds nothing but what an interrupted creation
     * left (that temporary store and the empty subfolders) counts as empty, and those leftovers are
     * removed.
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

        Path creatingFile = target.resolve(CREATING_STORE_FILE);
        try {
            Files.createDirectories(target);
            deleteCreationLeftovers(target);
            createSubfolders(target);
        } catch (IOException e) {
            throw new UserInputException(Messages.format("project.cannotCreate", target, e.getMessage()), e);
        }

        Migrations.migrate(creatingFile);
        try (Database database = Database.open(creatingFile, clock)) {
            database.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO project (id, name, created_at) VALUES (1, ?, ?)")) {
                    insert.setString(1, projectName);
                    insert.setString(2, database.now());
                    insert.executeUpdate();
                }
                return null;
            });
        }
        Path storeFile = target.resolve(STORE_FILE);
        try {
            // Closing the last connection checkpointed the WAL into the file and deleted it, so the file is whole.
            Files.move(creatingFile, storeFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserInputException(Messages.format("project.cannotCreate", target, e.getMessage()), e);
        }
        return new Project(target, Database.open(storeFile, clock), projectName);
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
                if (entries.anyMatch(entry -> !isCreationLeftover(entry))) {
                    throw new UserInputException(Messages.format("project.folderNotEmpty", target));
                }
            } catch (IOException e) {
                throw new UserInputException(Messages.format("project.cannotCreate", target, e.getMessage()), e);
            }
        }
    }

    /** Whether {@code entry} is something an interrupted {@link #create} leaves: its temporary store or an empty subfolder. */
    private static boolean isCreationLeftover(Path entry) {
        String name = entry.getFileName().toString();
        if (SQLITE_SIDE_FILES.stream().anyMatch(suffix -> name.equals(CREATING_STORE_FILE + suffix))) {
            return Files.isRegularFile(entry);
        }
        if (!List.of(FEATURES_FOLDER, MODELS_FOLDER, EXPORTS_FOLDER).contains(name) || !Files.isDirectory(entry)) {
            return false;
        }
        try (Stream<Path> children = Files.list(entry)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteCreationLeftovers(Path target) throws IOException {
        for (String suffix : SQLITE_SIDE_FILES) {
            Files.deleteIfExists(target.resolve(CREATING_STORE_FILE + suffix));
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
