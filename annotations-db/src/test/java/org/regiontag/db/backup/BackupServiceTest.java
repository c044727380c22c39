package org.regiontag.db.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.StoreFixture;
import org.regiontag.db.UserInputException;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.ModelVersionRepository;

class BackupServiceTest {

    /** Every table a user's work lives in, dumped in key order. */
    private static final List<String> DUMPS = List.of(
            "SELECT * FROM project",
            "SELECT * FROM image ORDER BY id",
            "SELECT * FROM category ORDER BY id",
            "SELECT * FROM label ORDER BY image_id, category_id",
            "SELECT * FROM label_event ORDER BY id",
            "SELECT * FROM label_batch ORDER BY id",
            "SELECT * FROM model_version ORDER BY id");

    @TempDir
    Path temp;

    private StoreFixture store;
    private LabelEditor editor;

    @BeforeEach
    void createStore() throws IOException {
        store = StoreFixture.withImagesAndCategories(temp, 40, "cat", "dog", "bird");
        editor = new LabelEditor(store.database);
        for (int i = 0; i < 30; i++) {
            editor.setCell(store.image(i), store.category(i % 3), i % 2 == 0 ? CellState.POSITIVE : CellState.NEGATIVE,
                    "ana", "edit");
        }
        addModelVersion("round-0001-0a1b2c3d", "weights");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void restoredProjectEqualsBackedUpOne() throws Exception {
        Path file = temp.resolve("out/project" + BackupService.EXTENSION);

        BackupService.BackupResult backup = new BackupService().backup(store.project.folder(), file);
        BackupService.RestoreResult restored = new BackupService().restore(file, temp.resolve("restored"));

        assertThat(backup.file()).isEqualTo(file);
        assertThat(backup.bytes()).isEqualTo(Files.size(file));
        assertThat(backup.modelVersions()).isEqualTo(1);
        assertThat(backup.missingModelFolders()).isZero();
        assertThat(restored.projectName()).isEqualTo("test");
        assertThat(restored.modelVersions()).isEqualTo(1);
        try (Project project = Project.open(temp.resolve("restored"))) {
            assertThat(dump(project)).isEqualTo(dump(store.project));
            Path weights = project.modelsFolder().resolve("round-0001-0a1b2c3d/weights.safetensors");
            assertThat(Files.readString(weights)).isEqualTo("weights");
            assertThat(project.featuresFolder()).isEmptyDirectory();
        }
        assertThat(temp).isDirectoryNotContaining(path -> path.getFileName().toString().contains(".restoring-"));
        assertThat(temp.resolve("out")).isDirectoryNotContaining(path -> path.getFileName().toString()
                .endsWith(".partial") || path.getFileName().toString().startsWith(".backup-"));
    }

    @Test
    void backupWhileAnnotatorWritesIsOneCommittedState() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger changes = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Thread annotator = new Thread(() -> {
            Random random = new Random(3);
            try {
                while (!stop.get()) {
                    CellState state = random.nextBoolean() ? CellState.POSITIVE : CellState.NEGATIVE;
                    editor.setCell(store.image(random.nextInt(40)), store.category(random.nextInt(3)), state, "ana",
                            "edit");
                    changes.incrementAndGet();
                }
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }, "annotator");

        List<Path> files = new ArrayList<>();
        annotator.start();
        try {
            for (int i = 0; i < 5; i++) {
                Path file = temp.resolve("during-" + i + BackupService.EXTENSION);
                new BackupService().backup(store.project.folder(), file);
                files.add(file);
            }
        } finally {
            stop.set(true);
            annotator.join();
        }

        assertThat(errors).as("errors the annotator saw").isEmpty();
        assertThat(changes.get()).as("changes made during the backups").isGreaterThan(5);
        for (int i = 0; i < files.size(); i++) {
            Path folder = temp.resolve("restored-" + i);
            new BackupService().restore(files.get(i), folder);
            try (Project project = Project.open(folder)) {
                assertThat(mismatchedCells(project)).as("cells whose label differs from their newest event, backup %d", i)
                        .isZero();
                assertThat(eventsWithoutBatch(project)).as("events without their batch, backup %d", i).isZero();
            }
        }
    }

    @Test
    void automaticBackupsKeepTheNewest() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-02T10:00:00Z"));
        BackupService service = new BackupService(2, clock);

        List<Path> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            editor.setCell(store.image(35), store.category(0), i % 2 == 0 ? CellState.POSITIVE : CellState.NEGATIVE,
                    "ana", "edit");
            written.add(service.backUpAutomatically(store.project).orElseThrow().file());
            clock.advance(Duration.ofMinutes(1));
        }
        Optional<BackupService.BackupResult> unchanged = service.backUpAutomatically(store.project);

        assertThat(unchanged).as("backup of an unchanged project").isEmpty();
        assertThat(service.automaticBackups(store.project.folder())).containsExactly(written.get(3), written.get(2));
        assertThat(written.get(0)).doesNotExist();
        assertThat(written.get(1)).doesNotExist();
        assertThat(written.get(3).getParent()).isEqualTo(store.project.folder().resolve(BackupService.BACKUPS_FOLDER));
    }

    @Test
    void backupRejectsExistingFile() throws IOException {
        Path file = Files.writeString(temp.resolve("taken" + BackupService.EXTENSION), "keep me");

        assertThatThrownBy(() -> new BackupService().backup(store.project.folder(), file))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + " already exists; choose a new file name for the backup");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void backupRejectsFolderWithoutStore() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("not-a-project"));

        assertThatThrownBy(() -> new BackupService().backup(folder, temp.resolve("x" + BackupService.EXTENSION)))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(folder + " is not a RegionTag project");
    }

    @Test
    void restoreRejectsNonEmptyTarget() throws IOException {
        Path file = new BackupService().backup(store.project.folder(), temp.resolve("b" + BackupService.EXTENSION))
                .file();
        Path target = Files.createDirectories(temp.resolve("busy"));
        Files.writeString(target.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> new BackupService().restore(file, target))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(target + " is not empty");
        assertThat(target.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void restoreRejectsOtherFiles() throws IOException {
        Path text = Files.writeString(temp.resolve("notes" + BackupService.EXTENSION), "not a zip");
        Path otherZip = zip("other.zip", Map.of("readme.txt", "hello"));
        Path newerFormat = zip("newer.zip", Map.of(BackupService.MANIFEST,
                "{\"format\": \"regiontag-backup\", \"format_version\": 99}"));

        assertRestoreFails(text, "is not a RegionTag backup");
        assertRestoreFails(otherZip, "is not a RegionTag backup (no backup.json)");
        assertRestoreFails(newerFormat, "has backup format version 99, this program reads up to 1");
        assertRestoreFails(temp.resolve("absent" + BackupService.EXTENSION), "not found");
    }

    @Test
    void restoreRejectsEntryOutsideTarget() throws IOException {
        Path hostile = zip("hostile.zip", Map.of(BackupService.MANIFEST, manifest(),
                "models/../../escaped.txt", "x"));

        assertRestoreFails(hostile, "contains an unexpected entry 'models/../../escaped.txt'");
        assertThat(temp.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void restoreRejectsDamagedStore() throws IOException {
        Path damaged = zip("damaged.zip", Map.of(BackupService.MANIFEST, manifest(),
                "project.sqlite", "SQLite format 3\0 but then nothing that SQLite can read"));

        assertRestoreFails(damaged, "is damaged");
    }

    private void assertRestoreFails(Path file, String messagePart) {
        Path target = temp.resolve("target");
        assertThatThrownBy(() -> new BackupService().restore(file, target))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(target).doesNotExist();
        assertThat(temp).isDirectoryNotContaining(path -> path.getFileName().toString().contains(".restoring-"));
    }

    private static String manifest() {
        return "{\"format\": \"regiontag-backup\", \"format_version\": 1, \"project\": \"x\"}";
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path file = temp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.ISO_8859_1));
                zip.closeEntry();
            }
        }
        return file;
    }

    private void addModelVersion(String folder, String content) throws IOException {
        Path models = Files.createDirectories(store.project.modelsFolder().resolve(folder));
        Files.writeString(models.resolve("weights.safetensors"), content);
        Files.writeString(models.resolve("version.json"), "{}");
        store.database.inTransaction(connection -> new ModelVersionRepository(connection).insertModelVersion(null,
                "tiny", "{}", null, folder + "/weights.safetensors", store.database.now()));
    }

    private static List<List<String>> dump(Project project) {
        return project.database().read(connection -> {
            List<List<String>> tables = new ArrayList<>();
            for (String sql : DUMPS) {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(sql);
                        ResultSet result = select.executeQuery()) {
                    ResultSetMetaData columns = result.getMetaData();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int c = 1; c <= columns.getColumnCount(); c++) {
                            row.append(result.getString(c)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                tables.add(rows);
            }
            return tables;
        });
    }

    private static long mismatchedCells(Project project) {
        return project.database().read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM label_event e"
                    + " JOIN (SELECT max(id) AS id FROM label_event GROUP BY image_id, category_id) newest"
                    + " ON newest.id = e.id"
                    + " LEFT JOIN label l ON l.image_id = e.image_id AND l.category_id = e.category_id"
                    + " WHERE e.new_state IS NOT l.state");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    private static long eventsWithoutBatch(Project project) {
        return project.database().read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM label_event e"
                    + " WHERE NOT EXISTS (SELECT 1 FROM label_batch b WHERE b.id = e.batch_id)");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** A clock the test moves forward, so automatic backups get distinct names. */
    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
