package org.regiontag.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectTest {

    @TempDir
    Path temp;

    @Test
    void createMakesTheProjectLayout() {
        Path folder = temp.resolve("my-project");

        try (Project project = Project.create(folder, "Birds")) {
            assertThat(project.name()).isEqualTo("Birds");
            assertThat(folder.resolve("project.sqlite")).isRegularFile();
            assertThat(folder.resolve("features")).isDirectory();
            assertThat(folder.resolve("models")).isDirectory();
            assertThat(folder.resolve("exports")).isDirectory();
        }
    }

    @Test
    void createTakesFolderNameWhenNameIsNull() {
        try (Project project = Project.create(temp.resolve("street-scenes"), null)) {
            assertThat(project.name()).isEqualTo("street-scenes");
        }
    }

    @Test
    void openReturnsTheStoredName() {
        Path folder = temp.resolve("p");
        Project.create(folder, "Kitchen objects").close();

        try (Project project = Project.open(folder)) {
            assertThat(project.name()).isEqualTo("Kitchen objects");
        }
    }

    @Test
    void openRecreatesMissingSubfolders() throws Exception {
        Path folder = temp.resolve("p");
        Project.create(folder, "p").close();
        Files.delete(folder.resolve("exports"));

        Project.open(folder).close();

        assertThat(folder.resolve("exports")).isDirectory();
    }

    @Test
    void createRejectsNonEmptyFolder() throws Exception {
        Files.writeString(temp.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> Project.create(temp, "p"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(temp.toString())
                .hasMessageContaining("is not empty and is not a RegionTag project");
        assertThat(temp.resolve("project.sqlite")).doesNotExist();
    }

    /** What a creation killed before its store was renamed into place leaves behind. */
    @Test
    void createReplacesLeftoversOfInterruptedCreate() throws Exception {
        Path folder = temp.resolve("p");
        Files.createDirectories(folder.resolve("features"));
        Files.createDirectories(folder.resolve("models"));
        Files.writeString(folder.resolve(".project.sqlite.creating"), "half a database");
        Files.writeString(folder.resolve(".project.sqlite.creating-wal"), "half a log");

        try (Project project = Project.create(folder, "again")) {
            assertThat(project.name()).isEqualTo("again");
        }

        assertThat(folder.resolve(".project.sqlite.creating")).doesNotExist();
        assertThat(folder.resolve(".project.sqlite.creating-wal")).doesNotExist();
        assertThat(folder.resolve("project.sqlite")).isRegularFile();
    }

    @Test
    void createKeepsFolderWithFilesInSubfolder() throws Exception {
        Files.createDirectories(temp.resolve("models"));
        Files.writeString(temp.resolve("models/weights.safetensors"), "mine");

        assertThatThrownBy(() -> Project.create(temp, "p"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("is not empty and is not a RegionTag project");
        assertThat(temp.resolve("models/weights.safetensors")).hasContent("mine");
    }

    @Test
    void createLeavesNoTemporaryStore() {
        Path folder = temp.resolve("p");

        Project.create(folder, "p").close();

        assertThat(folder.resolve(".project.sqlite.creating")).doesNotExist();
        assertThat(folder.resolve("project.sqlite")).isRegularFile();
    }

    @Test
    void createRejectsExistingProject() {
        Path folder = temp.resolve("p");
        Project.create(folder, "p").close();

        assertThatThrownBy(() -> Project.create(folder, "again"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("is already a RegionTag project");
    }

    @Test
    void createRejectsFile() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "x");

        assertThatThrownBy(() -> Project.create(file, "p"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("is a file, not a folder");
    }

    @Test
    void createRejectsBlankName() {
        assertThatThrownBy(() -> Project.create(temp.resolve("p"), "  "))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("--name");
    }

    @Test
    void openRejectsFolderWithoutStore() {
        assertThatThrownBy(() -> Project.open(temp))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("is not a RegionTag project")
                .hasMessageContaining("regiontag init");
    }

    @Test
    void openRejectsMissingFolder() {
        assertThatThrownBy(() -> Project.open(temp.resolve("nowhere")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("no project folder at");
    }

    @Test
    void openRejectsStoreThatIsNotSqlite() throws Exception {
        Files.writeString(temp.resolve("project.sqlite"), "name,state\ncat,1\n");

        assertThatThrownBy(() -> Project.open(temp))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("is not a SQLite database");
    }

    @Test
    void openRejectsForeignSqliteDatabase() throws Exception {
        try (Database other = Database.open(temp.resolve("project.sqlite"), java.time.Clock.systemUTC())) {
            other.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE recipes (name TEXT)");
                }
                return null;
            });
        }

        assertThatThrownBy(() -> Project.open(temp))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("not a RegionTag project store");
    }

    @Test
    void openRejectsStoreFromNewerVersion() throws Exception {
        Path folder = temp.resolve("p");
        try (Project project = Project.create(folder, "p")) {
            project.database().inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                                + " checksum, installed_by, installed_on, execution_time, success)"
                                + " VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql',"
                                + " 0, 'test', '2030-01-01 00:00:00', 1, 1)")) {
                    insert.executeUpdate();
                }
                return null;
            });
        }

        assertThatThrownBy(() -> Project.open(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("written by a newer RegionTag")
                .hasMessageContaining("schema version 99");
    }

    @Test
    void openRejectsStoreWithChangedMigration() throws Exception {
        Path folder = temp.resolve("p");
        try (Project project = Project.create(folder, "p")) {
            project.database().inTransaction(connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'")) {
                    update.executeUpdate();
                }
                return null;
            });
        }

        assertThatThrownBy(() -> Project.open(folder))
                .isInstanceOf(UserInputException.class)
                .hasMessage(folder.toAbsolutePath().resolve("project.sqlite") + " has a schema that differs from this"
                        + " program's (a project from a development build of RegionTag); create the project again"
                        + " and import its datasets");
    }

    @Test
    void createdStoreHasEveryTable() {
        try (Project project = Project.create(temp.resolve("p"), "p")) {
            var tables = project.database().read(connection -> {
                var names = new java.util.TreeSet<String>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT name FROM sqlite_master WHERE type = 'table'");
                        ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
                return names;
            });

            assertThat(tables).contains("project", "dataset_root", "image", "category", "label", "label_event",
                    "label_batch", "model_version", "prototype", "suggestion", "complete_label", "category_label_count");
        }
    }
}
