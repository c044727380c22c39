package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.demo.DemoProject;

/**
 * {@code regiontag demo} on small demo projects with a tiny random checkpoint written by the test,
 * so it checks the structure of the results, not their quality.
 */
class DemoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void headlessJsonReportsFourRounds() throws Exception {
        Path model = TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), 2);
        Path first = temp.resolve("demo-a");

        CliRun run = headless(first, model, "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(fieldNames(report)).containsExactly("rounds");
        JsonNode rounds = report.get("rounds");
        assertThat(rounds).hasSize(4);
        for (int r = 0; r < 4; r++) {
            JsonNode round = rounds.get(r);
            assertThat(fieldNames(round)).containsExactly("round", "map", "pseudo_precision", "pseudo_recall",
                    "decisions");
            assertThat(round.get("round").asInt()).isEqualTo(r);
            assertThat(round.get("map").isNumber()).as("map of round %d", r).isTrue();
            assertThat(round.get("map").asDouble()).isBetween(0.0, 100.0);
            assertThat(round.get("decisions").asInt()).as("decisions of round %d", r).isBetween(1, 10);
        }

        try (Project project = Project.open(first)) {
            assertThat(DemoProject.isDemoProject(project.database())).isTrue();
            assertThat(count(project, "SELECT COUNT(*) FROM category")).isEqualTo(12);
            assertThat(count(project, "SELECT COUNT(*) FROM image WHERE split = 'train'")).isEqualTo(16);
            assertThat(count(project, "SELECT COUNT(*) FROM image WHERE split = 'test'")).isEqualTo(8);
            assertThat(count(project, "SELECT COUNT(*) FROM complete_label")).isEqualTo(24 * 12);
            assertThat(count(project, "SELECT COUNT(*) FROM model_version")).isEqualTo(4);
            assertThat(count(project, "SELECT COUNT(*) FROM model_version WHERE parent_id IS NULL")).isEqualTo(1);
            long decided = count(project, "SELECT COUNT(*) FROM label WHERE source IN"
                    + " ('accepted_suggestion', 'rejected_suggestion', 'annotator')");
            long reported = 0;
            for (JsonNode round : rounds) {
                reported += round.get("decisions").asLong();
            }
            assertThat(decided).isEqualTo(reported);
            assertThat(count(project, "SELECT COUNT(*) FROM label l JOIN complete_label c"
                    + " ON c.image_id = l.image_id AND c.category_id = l.category_id WHERE l.state <> c.state"))
                    .as("labels that differ from the complete labels").isZero();
        }

        CliRun again = headless(temp.resolve("demo-b"), model, "--json");

        assertThat(again.status()).as(again.err()).isZero();
        assertThat(JSON.readTree(again.out())).as("a second run with the same seed").isEqualTo(report);
    }

    @Test
    void headlessTextThenContinues() throws Exception {
        Path model = TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), 2);
        Path folder = temp.resolve("demo");

        CliRun run = headless(folder, model, "--rounds", "1");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("built the demo project in " + folder)
                .contains("round 0 (prompt scoring before training): mAP ")
                .contains("round 1: mAP ").contains("decisions (");
        assertThat(run.err()).doesNotContain("warning");

        CliRun continued = headless(folder, model, "--rounds", "0", "--json");

        assertThat(continued.status()).as(continued.err()).isZero();
        JsonNode rounds = JSON.readTree(continued.out()).get("rounds");
        assertThat(rounds).hasSize(1);
        assertThat(rounds.get(0).get("round").asInt()).isEqualTo(1);
    }

    @Test
    void withoutHeadlessTrainsFirstRound() throws Exception {
        Path model = TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), 2);
        Path folder = temp.resolve("demo");

        List<Path> opened = new ArrayList<>();
        DemoCommand.ApplicationOpener real = DemoCommand.applicationOpener;
        DemoCommand.applicationOpener = (target, out, err) -> {
            opened.add(target);
            return RegionTagCommand.EXIT_OK;
        };
        CliRun run;
        try {
            run = CliRun.of("demo", folder.toString(), "--model", model.toString(), "--device", "cpu",
                    "--train-images", "12", "--test-images", "4", "--image-size", "48", "--steps", "2");
        } finally {
            DemoCommand.applicationOpener = real;
        }

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("round 0 (prompt scoring before training)").contains("round 1: mAP");
        assertThat(opened).as("folders the application was opened on").containsExactly(
                folder.toAbsolutePath().normalize());
        try (Project project = Project.open(folder)) {
            assertThat(count(project, "SELECT COUNT(*) FROM model_version")).isEqualTo(2);
            assertThat(count(project, "SELECT COUNT(*) FROM suggestion WHERE status = 'pending'")).isPositive();
        }
    }

    @Test
    void nonEmptyFolderIsRejected() throws Exception {
        Path folder = temp.resolve("notes");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("todo.txt"), "keep me");

        CliRun run = CliRun.of("demo", folder.toString(), "--headless");

        assertThat(run.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(run.err()).isEqualTo("regiontag: folder " + folder + " is not empty and contains no demo project;"
                + " choose a new or empty folder, or the folder of an earlier demo" + System.lineSeparator());
        try (var children = Files.list(folder)) {
            assertThat(children.toList()).containsExactly(folder.resolve("todo.txt"));
        }
    }

    @Test
    void jsonWithoutHeadlessIsUserError() {
        CliRun run = CliRun.of("demo", temp.resolve("demo").toString(), "--json");

        assertThat(run.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(run.err()).contains("--json needs --headless");
        assertThat(temp.resolve("demo")).doesNotExist();
    }

    @Test
    void missingModelWritesNothing() {
        Path folder = temp.resolve("demo");

        CliRun run = CliRun.of("demo", folder.toString(), "--headless", "--model", temp.resolve("absent").toString());

        assertThat(run.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(folder).doesNotExist();
    }

    @Test
    void failedBuildLeavesFolderEmpty() throws Exception {
        Path model = TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), 2);
        Path folder = temp.resolve("demo");

        CliRun run = CliRun.of("demo", folder.toString(), "--headless", "--model", model.toString(), "--image-size",
                "8");

        assertThat(run.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(run.err()).contains("invalid demo image size 8 px");
        try (var children = Files.list(folder)) {
            assertThat(children.toList()).as("files left in the demo folder").isEmpty();
        }
    }

    @Test
    void demoModelOnOwnProjectWarns() {
        Path project = temp.resolve("photos");
        assertThat(CliRun.of("init", project.toString()).status()).isZero();

        CliRun train = CliRun.of("train", project.toString(), "--steps", "1");

        assertThat(train.err()).contains("warning: the backbone is the demo model demo-tiny-clip, which learned"
                + " only synthetic scenes").contains("use a real CLIP checkpoint");
    }

    private static CliRun headless(Path folder, Path model, String... more) {
        List<String> args = new ArrayList<>(List.of("demo", folder.toString(), "--headless", "--model",
                model.toString(), "--device", "cpu", "--train-images", "16", "--test-images", "8", "--image-size",
                "48", "--steps", "3", "--decisions", "10", "--seed", "4"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static long count(Project project, String sql) {
        return project.database().read(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
