package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code regiontag backup} and {@code restore}, run through the real command line. */
class BackupCommandsTest {

    @TempDir
    Path temp;

    @Test
    void backupThenRestoreKeepsLabels() throws Exception {
        Path project = temp.resolve("project");
        Path restored = temp.resolve("restored");
        Path file = temp.resolve("project.rtbackup");
        CliRun.of("init", project.toString(), "--name", "birds");
        Path csv = Files.writeString(temp.resolve("labels.csv"), "image,cat,dog\na.jpg,1,-1\nb.jpg,0,1\n",
                StandardCharsets.UTF_8);
        CliRun.of("import", project.toString(), "--format", "csv", "--source", csv.toString());

        CliRun backup = CliRun.of("backup", project.toString(), "--out", file.toString());
        CliRun restore = CliRun.of("restore", file.toString(), "--to", restored.toString());

        assertThat(backup.status()).as(backup.err()).isZero();
        assertThat(backup.out()).startsWith("backed up " + project + " to " + file + " (")
                .endsWith(", 0 model versions)\n");
        assertThat(restore.status()).as(restore.err()).isZero();
        assertThat(restore.out()).startsWith("restored project 'birds' (backed up ")
                .contains("into " + restored + " with 0 model versions");
        assertThat(CliRun.of("stats", restored.toString(), "--json").out())
                .isEqualTo(CliRun.of("stats", project.toString(), "--json").out());
    }

    @Test
    void failuresAreOneLineUserErrors() throws Exception {
        Path project = temp.resolve("project");
        CliRun.of("init", project.toString());
        Path existing = Files.writeString(temp.resolve("existing.rtbackup"), "x");
        Path notBackup = Files.writeString(temp.resolve("notes.txt"), "hello");

        CliRun overwrite = CliRun.of("backup", project.toString(), "--out", existing.toString());
        CliRun wrongFile = CliRun.of("restore", notBackup.toString(), "--to", temp.resolve("r").toString());
        CliRun intoProject = CliRun.of("restore", existing.toString(), "--to", project.toString());

        assertThat(overwrite.status()).isEqualTo(1);
        assertThat(overwrite.err()).isEqualTo("regiontag: " + existing
                + " already exists; choose a new file name for the backup\n");
        assertThat(wrongFile.status()).isEqualTo(1);
        assertThat(wrongFile.err()).startsWith("regiontag: " + notBackup + " is not a RegionTag backup")
                .hasLineCount(1);
        assertThat(intoProject.status()).isEqualTo(1);
        assertThat(intoProject.err()).hasLineCount(1);
        assertThat(temp.resolve("r")).doesNotExist();
    }

    @Test
    void backupCommandsHaveHelp() {
        for (String command : List.of("backup", "restore")) {
            CliRun help = CliRun.of(command, "--help");

            assertThat(help.status()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: regiontag " + command, "DIR", "FILE");
        }
    }
}
