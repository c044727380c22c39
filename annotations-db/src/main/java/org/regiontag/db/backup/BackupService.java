package org.regiontag.db.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.regiontag.db.Project;
import org.regiontag.db.SqlitePragma;
import org.regiontag.db.Timestamps;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * Backs up a project into one file and restores it into a new folder, by hand and automatically.
 *
 * <p>A backup file is a ZIP archive with {@value #MANIFEST} (format, project name, time, a
 * fingerprint of the store's content), {@value Project#STORE_FILE} and the folder of every model
 * version under {@code models/}. The store is copied with SQLite's online backup API on its own
 * connection, in one step. So the copy is one committed state even while the application or a job
 * writes the project, because in WAL mode the copy reads a snapshot and no writer waits for it. The
 * feature cache is left out, because {@code regiontag extract} computes it again from the images.
 * A backup is written under a temporary name and renamed when complete.
 *
 * <p>Automatic backups go to the project's {@value #BACKUPS_FOLDER} folder, named by time, and only
 * the newest {@link #keep()} are kept. {@link #backUpAutomatically} skips the backup when the store
 * did not change since the newest one, so the application can call it on every open and close.
 */
public final class BackupService {

    /** The folder in a project that contains its automatic backups. */
    public static final String BACKUPS_FOLDER = "backups";
    /** The extension of backup files, automatic or not. */
    public static final String EXTENSION = ".rtbackup";
    /**
     * Automatic backups kept per project. With a backup at each open and close, five cover the last
     * two or three working sessions, at the cost of five copies of the store and the model folders.
     */
    public static final int DEFAULT_KEEP = 5;

    static final String MANIFEST = "backup.json";
    static final String FORMAT = "regiontag-backup";
    static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.backup.messages",
            BackupService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTOMATIC_PREFIX = "auto-";
    private static final DateTimeFormatter AUTOMATIC_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    private static final String PARTIAL_SUFFIX = ".partial";

    private final int keep;
    private final Clock clock;

    /** Creates a service that keeps {@value #DEFAULT_KEEP} automatic backups, with the system clock. */
    public BackupService() {
        this(DEFAULT_KEEP, Clock.systemUTC());
    }

    /**
     * @param keep automatic backups kept per project, at least 1
     * @param clock stamps backups and names automatic ones
     */
    public BackupService(int keep, Clock clock) {
        if (keep < 1) {
            throw new IllegalArgumentException("at least one automatic backup must be kept, got " + keep);
        }
        this.keep = keep;
        this.clock = clock;
    }

    public int keep() {
        return keep;
    }

    /**
     * A backup file as written.
     *
     * @param file the backup file
     * @param bytes its size
     * @param modelVersions model version folders it contains
     * @param missingModelFolders model versions whose folder was not in the project (a damaged
     *     project; the backup has their rows but not their files)
     */
    public record BackupResult(Path file, long bytes, int modelVersions, int missingModelFolders) {
    }

    /**
     * A project as restored.
     *
     * @param folder the new project folder
     * @param projectName the project's name
     * @param createdAt when the backup was taken, in the store's time format
     * @param modelVersions model version folders restored
     */
    public record RestoreResult(Path folder, String projectName, String createdAt, int modelVersions) {
    }

    /**
     * Backs up the project in {@code projectFolder} to {@code out}, which must not exist. The project
     * may be open in this or another process meanwhile.
     *
     * @throws UserInputException when the folder is not a project, {@code out} exists, or writing fails
     */
    public BackupResult backup(Path projectFolder, Path out) {
        Path folder = projectFolder.toAbsolutePath().normalize();
        Path store = folder.resolve(Project.STORE_FILE);
        if (!Files.isRegularFile(store)) {
            throw new UserInputException(MESSAGES.format("backup.notAProject", folder, Project.STORE_FILE));
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new UserInputException(MESSAGES.format("backup.outExists", target));
        }

        Path staging = null;
        Path partial = target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), ".backup-");
            Path snapshot = staging.resolve(Project.STORE_FILE);
            copyStore(store, snapshot);
            StoreFacts facts = StoreFacts.read(snapshot, Timestamps.now(clock));

            int missing = 0;
            List<String> modelFolders = new ArrayList<>();
            for (String modelFolder : facts.modelFolders()) {
                if (Files.isDirectory(folder.resolve(Project.MODELS_FOLDER).resolve(modelFolder))) {
                    modelFolders.add(modelFolder);
                } else {
                    missing++;
                    LOG.warn("Model version folder {} of {} is missing; the backup has its row only", modelFolder,
                            folder);
                }
            }
            writeArchive(partial, facts, snapshot, folder.resolve(Project.MODELS_FOLDER), modelFolders);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            long bytes = Files.size(target);
            LOG.info("Backed up {} to {} ({} bytes, {} model versions)", folder, target, bytes, modelFolders.size());
            return new BackupResult(target, bytes, modelFolders.size(), missing);
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("backup.failed", folder, target, e.getMessage()), e);
        } finally {
            deleteQuietly(partial);
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    /**
     * Makes an automatic backup of an open project unless the store's content is the same as in the
     * newest automatic backup, then deletes the automatic backups beyond the newest {@link #keep()}.
     * The application calls it after opening a project and before closing it.
     *
     * @return the new backup, or empty when nothing changed since the last one
     */
    public Optional<BackupResult> backUpAutomatically(Project project) {
        Path backups = project.folder().resolve(BACKUPS_FOLDER);
        String fingerprint = project.database().read(StoreFacts::fingerprint);
        List<Path> existing = automaticBackups(project.folder());
        if (!existing.isEmpty() && fingerprint.equals(fingerprintOf(existing.get(0)))) {
            LOG.debug("Project {} unchanged since {}; no automatic backup", project.folder(), existing.get(0));
            return Optional.empty();
        }
        Path file = backups.resolve(AUTOMATIC_PREFIX + AUTOMATIC_NAME.format(clock.instant()) + EXTENSION);
        BackupResult result = backup(project.folder(), file);
        prune(project.folder());
        return Optional.of(result);
    }

    /** Lists a project's automatic backups, newest first; an absent backups folder has none. */
    public List<Path> automaticBackups(Path projectFolder) {
        Path backups = projectFolder.resolve(BACKUPS_FOLDER);
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(backups)) {
            return files.filter(file -> isAutomatic(file.getFileName().toString()))
                    .sorted(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Restores a backup into {@code targetFolder}, which must be absent or empty. The project is
     * unpacked beside it under a hidden name, its store checked with {@code PRAGMA integrity_check}
     * and opened as a project, and only then renamed into place; the feature cache starts empty.
     *
     * @throws UserInputException when the file is not a RegionTag backup or is damaged, or the target
     *     is not empty
     */
    public RestoreResult restore(Path backupFile, Path targetFolder) {
        Path source = backupFile.toAbsolutePath().normalize();
        Path target = targetFolder.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new UserInputException(MESSAGES.format("restore.missing", source));
        }
        checkEmptyTarget(target);

        Path staging = null;
        boolean done = false;
        try (ZipFile archive = new ZipFile(source.toFile())) {
            JsonNode manifest = readManifest(archive, source);
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".restoring-");
            int modelFolders = BackupArchive.extract(archive, source, staging);

            Path store = staging.resolve(Project.STORE_FILE);
            if (!Files.isRegularFile(store)) {
                throw new UserInputException(MESSAGES.format("restore.noStore", source, Project.STORE_FILE));
            }
            StoreFacts.checkIntegrity(store, source);
            String name;
            try (Project project = Project.open(staging)) {
                name = project.name();
            }
            if (Files.isDirectory(target)) {
                Files.delete(target);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            LOG.info("Restored {} from {} into {}", name, source, target);
            return new RestoreResult(target, name, manifest.path("created_at").asText(""), modelFolders);
        } catch (java.util.zip.ZipException e) {
            throw new UserInputException(MESSAGES.format("restore.notABackup", source, e.getMessage()), e);
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("restore.failed", source, target, e.getMessage()), e);
        } finally {
            if (!done && staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    /** Copies the store with SQLite's online backup API, all pages in one step (one snapshot). */
    private static void copyStore(Path store, Path snapshot) throws IOException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty(SqlitePragma.BUSY_TIMEOUT.pragma(), SqlitePragma.BUSY_TIMEOUT.value());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store, properties)) {
            // sleep 100 ms between retries while the source is locked, up to 100 retries; -1 pages: all at once.
            int status = connection.unwrap(SQLiteConnection.class).getDatabase()
                    .backup("main", snapshot.toString(), null, 100, 100, -1);
            if (status != 0) {
                throw new IOException("SQLite's online backup ended with status " + status);
            }
        } catch (SQLException e) {
            throw new IOException("SQLite's online backup failed: " + e.getMessage(), e);
        }
    }

    private static void writeArchive(Path partial, StoreFacts facts, Path snapshot, Path modelsFolder,
            List<String> modelFolders) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("format_version", FORMAT_VERSION);
        manifest.put("project", facts.projectName());
        manifest.put("created_at", facts.createdAt());
        manifest.put("fingerprint", facts.fingerprint());
        manifest.putArray("model_folders").addAll(modelFolders.stream().map(JSON.getNodeFactory()::textNode).toList());

        try (OutputStream file = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            BackupArchive.addFile(zip, snapshot, Project.STORE_FILE);
            for (String modelFolder : modelFolders) {
                BackupArchive.addFolder(zip, modelsFolder.resolve(modelFolder),
                        Project.MODELS_FOLDER + "/" + modelFolder);
            }
        }
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static JsonNode readManifest(ZipFile archive, Path source) throws IOException {
        ZipEntry entry = archive.getEntry(MANIFEST);
        if (entry == null) {
            throw new UserInputException(MESSAGES.format("restore.notABackup", source, "no " + MANIFEST));
        }
        JsonNode manifest;
        try (InputStream in = archive.getInputStream(entry)) {
            manifest = JSON.readTree(in.readNBytes(BackupArchive.MAX_MANIFEST_BYTES));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserInputException(MESSAGES.format("restore.notABackup", source, MANIFEST + " is not JSON"), e);
        }
        if (manifest == null || !FORMAT.equals(manifest.path("format").asText())) {
            throw new UserInputException(MESSAGES.format("restore.notABackup", source, "unknown format"));
        }
        int version = manifest.path("format_version").asInt(-1);
        if (version < 1 || version > FORMAT_VERSION) {
            throw new UserInputException(MESSAGES.format("restore.formatTooNew", source, version, FORMAT_VERSION));
        }
        return manifest;
    }

    /** Reads the fingerprint in a backup's manifest; null when the file does not read. */
    private static String fingerprintOf(Path backup) {
        try (ZipFile archive = new ZipFile(backup.toFile())) {
            return readManifest(archive, backup).path("fingerprint").asText(null);
        } catch (IOException | UserInputException e) {
            LOG.warn("Automatic backup {} does not read; taking a new one", backup, e);
            return null;
        }
    }

    private void prune(Path projectFolder) {
        List<Path> backups = automaticBackups(projectFolder);
        for (Path old : backups.subList(Math.min(keep, backups.size()), backups.size())) {
            deleteQuietly(old);
            LOG.info("Deleted automatic backup {}; {} are kept", old, keep);
        }
    }

    private static boolean isAutomatic(String name) {
        return name.startsWith(AUTOMATIC_PREFIX) && name.endsWith(EXTENSION);
    }

    private static void checkEmptyTarget(Path target) {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new UserInputException(MESSAGES.format("restore.targetIsFile", target));
        }
        if (Files.isDirectory(target)) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new UserInputException(MESSAGES.format("restore.targetNotEmpty", target));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Deletes a file or a folder tree. A failure is only logged, because the caller's result is still valid. */
    static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path entry : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}", path, e);
        }
    }

    /** Model folder names of the store's {@code model_version.weights_file} values, in row order. */
    static Set<String> modelFolderNames(List<String> weightsFiles) {
        Set<String> folders = new LinkedHashSet<>();
        for (String weightsFile : weightsFiles) {
            Path relative = Path.of(weightsFile).normalize();
            if (relative.isAbsolute() || relative.getNameCount() < 2 || relative.getName(0).toString().equals("..")) {
                LOG.warn("Model version file {} is not inside a version folder; it is not backed up", weightsFile);
                continue;
            }
            folders.add(relative.getName(0).toString());
        }
        return folders;
    }
}
