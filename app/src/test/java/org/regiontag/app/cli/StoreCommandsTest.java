package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.regiontag.db.Project;
import org.regiontag.db.edit.Cell;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.repo.ModelVersionRepository;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.SuggestionDraft;
import org.regiontag.db.repo.SuggestionRepository;
import picocli.CommandLine;

/** The store's commands, run through the real command line against real project folders. */
class StoreCommandsTest {

    @TempDir
    Path temp;

    private Path project;
    private Path images;

    /** What one run of the command line returned and printed. */
    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void createImages() throws Exception {
        project = temp.resolve("project");
        images = temp.resolve("images");
        png(images.resolve("a.jpg"), 32, 24);
        png(images.resolve("b c.jpg"), 16, 16);
        Files.createDirectories(images.resolve("damaged"));
        Files.writeString(images.resolve("damaged/x.jpg"), "not an image");
    }

    @Test
    void initCreatesProject() {
        Run run = run("init", project.toString(), "--name", "Zoo");

        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("created project 'Zoo' in " + project + "\n");
        assertThat(project.resolve("project.sqlite")).isRegularFile();
    }

    @Test
    void initRejectsNonEmptyFolder() {
        Run run = run("init", images.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("regiontag: " + images
                + " is not empty and is not a RegionTag project; choose a new or empty folder\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void importCsvThenStatsJson() throws Exception {
        run("init", project.toString());
        Path csv = Files.writeString(temp.resolve("labels.csv"),
                "image,cat,dog\na.jpg,1,-1\nb c.jpg,0,1\ndamaged/x.jpg,-1,\ngone.jpg,,\n", StandardCharsets.UTF_8);

        Run imported = run("import", project.toString(), "--format", "csv", "--source", csv.toString(),
                "--images", images.toString(), "--split", "val");

        assertThat(imported.status()).isZero();
        assertThat(imported.err()).isEmpty();
        assertThat(imported.out()).contains("images: 4 added", "categories: 2 added (cat, dog)",
                "labels: 4 added", "missing images: 1", "gone.jpg: file not found", "damaged images: 1",
                "damaged/x.jpg: ");
        JsonNode stats = statsJson();
        assertThat(stats.get("images").asLong()).isEqualTo(4);
        assertThat(stats.get("missing_images").asLong()).isEqualTo(1);
        assertThat(stats.get("damaged_images").asLong()).isEqualTo(1);
        assertThat(stats.get("categories").toString()).isEqualTo(
                "[{\"name\":\"cat\",\"positive\":1,\"negative\":1,\"unknown\":2},"
                        + "{\"name\":\"dog\",\"positive\":1,\"negative\":1,\"unknown\":2}]");
        assertThat(stats.get("ground_truth").isNull()).isTrue();
    }

    @Test
    void importingTwiceAddsNothing() throws Exception {
        run("init", project.toString());
        Path csv = Files.writeString(temp.resolve("labels.csv"), "image,cat\na.jpg,1\n");
        String[] args = {"import", project.toString(), "--format", "csv", "--source", csv.toString(), "--images",
            images.toString()};
        run(args);

        Run again = run(args);

        assertThat(again.out()).contains("images: 0 added, 1 already in the project", "labels: 0 added, 0 changed,"
                + " 1 unchanged");
        assertThat(statsJson().get("images").asLong()).isEqualTo(1);
    }

    @Test
    void importWithSimulationStoresGroundTruth() throws Exception {
        run("init", project.toString());
        StringBuilder text = new StringBuilder("image,category,state\n");
        for (int i = 0; i < 50; i++) {
            text.append("img").append(i).append(".jpg,cat,1\nimg").append(i).append(".jpg,dog,-1\n");
        }
        Path csv = Files.writeString(temp.resolve("long.csv"), text);

        Run imported = run("import", project.toString(), "--format", "csv-long", "--source", csv.toString(),
                "--keep-proportion", "0.5", "--seed", "3");

        assertThat(imported.status()).isZero();
        JsonNode stats = statsJson();
        JsonNode truth = stats.get("ground_truth");
        assertThat(truth.get("images").asLong()).isEqualTo(50);
        assertThat(truth.get("categories").get(0).get("positive").asLong()).isEqualTo(50);
        long keptCat = stats.get("categories").get(0).get("positive").asLong();
        long keptDog = stats.get("categories").get(1).get("negative").asLong();
        assertThat(keptCat + keptDog).isBetween(25L, 75L);
        assertThat(imported.out()).contains("missing-label simulation: kept " + (keptCat + keptDog) + " of 100");
    }

    @Test
    void simulationOptionsAreChecked() throws Exception {
        run("init", project.toString());
        Path csv = Files.writeString(temp.resolve("labels.csv"), "image,cat\na.jpg,1\n");

        Run noSeed = run("import", project.toString(), "--format", "csv", "--source", csv.toString(),
                "--keep-proportion", "0.5");
        Run badProportion = run("import", project.toString(), "--format", "csv", "--source", csv.toString(),
                "--keep-proportion", "1.5", "--seed", "1");
        Run badSplit = run("import", project.toString(), "--format", "csv", "--source", csv.toString(),
                "--split", "trainval");

        assertThat(noSeed.status()).isEqualTo(1);
        assertThat(noSeed.err()).contains("--keep-proportion needs --seed S");
        assertThat(badProportion.err()).contains("--keep-proportion must be between 0 and 1, got 1.5");
        assertThat(badSplit.err()).contains("unknown split 'trainval'; expected one of train, val, test");
    }

    @Test
    void unknownFormatIsAUserError() {
        run("init", project.toString());

        Run run = run("import", project.toString(), "--format", "vocx", "--source", "x");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(
                "regiontag: unknown format 'vocx'; expected one of voc, coco, csv, csv-long, yolo\n");
    }

    @Test
    void badCsvStopsTheImportAndChangesNothing() throws Exception {
        run("init", project.toString());
        Path csv = Files.writeString(temp.resolve("labels.csv"), "image,cat\na.jpg,1\nb.jpg,maybe\n");

        Run run = run("import", project.toString(), "--format", "csv", "--source", csv.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("regiontag: " + csv + ":3: invalid value 'maybe' for category 'cat'"
                + " (column 2); use 1, -1, 0 or leave the field empty\n");
        assertThat(statsJson().get("images").asLong()).isZero();
    }

    @Test
    void commandsOnMissingProjectFail() {
        Run run = run("stats", temp.resolve("nowhere").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("regiontag: no project folder at ");
    }

    @Test
    void exportCsvReimportsToTheSameStatistics() throws Exception {
        run("init", project.toString());
        Path csv = Files.writeString(temp.resolve("labels.csv"), "image,cat,dog\na.jpg,1,-1\nb c.jpg,0,1\n");
        run("import", project.toString(), "--format", "csv", "--source", csv.toString(), "--images",
                images.toString());
        Path out = temp.resolve("out/export.csv");

        Run exported = run("export", project.toString(), "--format", "csv", "--out", out.toString());
        Path copy = temp.resolve("copy");
        run("init", copy.toString());
        Run reimported = run("import", copy.toString(), "--format", "csv", "--source", out.toString(), "--images",
                images.toString());

        assertThat(exported.status()).isZero();
        assertThat(exported.out()).isEqualTo("exported 2 images, 2 categories, 2 positive and 1 negative cells to "
                + out + "\nimage paths are relative to " + images + "\n");
        assertThat(reimported.status()).isZero();
        assertThat(statsJson(copy).get("categories")).isEqualTo(statsJson(project).get("categories"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"voc", "coco", "csv", "csv-long"})
    void everyExportFormatReimportsToTheSameCells(String format) throws Exception {
        run("init", project.toString());
        Path csv = Files.writeString(temp.resolve("labels.csv"), "image,cat,dog,bird\na.jpg,1,-1,0\nsub/c.jpg,0,1,-1\n"
                + "e.jpg,0,0,0\n");
        png(images.resolve("sub/c.jpg"), 8, 8);
        png(images.resolve("e.jpg"), 8, 8);
        run("import", project.toString(), "--format", "csv", "--source", csv.toString(), "--images",
                images.toString(), "--split", "val");
        Path out = temp.resolve("out").resolve(format.equals("voc") ? "voc" : "labels." + format);

        Run exported = run("export", project.toString(), "--format", format, "--out", out.toString(), "--provenance");
        Path copy = temp.resolve("copy");
        run("init", copy.toString());
        Run reimported = run("import", copy.toString(), "--format", format, "--source", out.toString(), "--images",
                images.toString());

        assertThat(exported.status()).as(exported.err()).isZero();
        assertThat(reimported.status()).as(reimported.err()).isZero();
        assertThat(reimported.out()).contains("images: 3 added");
        // VOC lists do not keep the category order, so categories and cells are compared in any order.
        assertThat(statsJson(copy).get("categories")).containsExactlyInAnyOrderElementsOf(
                statsJson(project).get("categories"));
        Path before = temp.resolve("before.csv");
        Path after = temp.resolve("after.csv");
        run("export", project.toString(), "--format", "csv-long", "--out", before.toString());
        run("export", copy.toString(), "--format", "csv-long", "--out", after.toString());
        assertThat(Files.readAllLines(after)).containsExactlyInAnyOrderElementsOf(Files.readAllLines(before));
    }

    @Test
    void cocoExportWarnsAndUsesExportsFolder() throws Exception {
        run("init", project.toString());

        Run run = run("export", project.toString(), "--format", "coco");

        assertThat(run.status()).isZero();
        assertThat(project.resolve("exports/labels-coco.json")).isRegularFile();
        assertThat(run.err()).isEqualTo("regiontag: warning: the labels are in the COCO extension field"
                + " 'image_labels'; plain COCO tools ignore it and see images without annotations\n");
    }

    @Test
    void exportRejectsUnknownFormat() {
        run("init", project.toString());

        Run run = run("export", project.toString(), "--format", "yolo");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("regiontag: unknown format 'yolo'; expected one of voc, coco, csv,"
                + " csv-long\n");
    }

    @Test
    void reviewAcceptAndRejectThenUndoAndRedo() throws Exception {
        run("init", project.toString());
        Path csv = Files.writeString(temp.resolve("labels.csv"), "image,cat,dog\na.jpg,,\n");
        run("import", project.toString(), "--format", "csv", "--source", csv.toString(), "--images",
                images.toString());
        suggest("a.jpg", ProposedState.POSITIVE, "cat", "dog");

        Run accepted = run("review", project.toString(), "--accept", "--image", "a.jpg", "--category", "cat");
        Run rejected = run("review", project.toString(), "--reject", "--image", "a.jpg", "--category", "dog");

        assertThat(accepted.status()).as(accepted.err()).isZero();
        assertThat(accepted.out()).isEqualTo("accepted the suggestion: 'cat' on a.jpg is now positive\n");
        assertThat(rejected.out()).isEqualTo("rejected the suggestion: 'dog' on a.jpg is now negative\n");
        assertThat(positiveCount("dog")).isZero();
        assertThat(statsJson().get("categories").get(1).get("negative").asLong()).isEqualTo(1);

        Run undone = run("undo", project.toString());
        assertThat(undone.status()).as(undone.err()).isZero();
        assertThat(undone.out()).isEqualTo("undo: reject the suggestion for 'dog' on a.jpg (1 cells changed,"
                + " 0 left because they changed since)\n");
        assertThat(statsJson().get("categories").get(1).get("unknown").asLong()).isEqualTo(1);
        assertThat(statsJson().get("pending_suggestions").asLong()).isEqualTo(1);

        Run redone = run("redo", project.toString());
        assertThat(redone.status()).isZero();
        assertThat(redone.out()).startsWith("redo: reject the suggestion for 'dog' on a.jpg");
        assertThat(statsJson().get("categories").get(1).get("negative").asLong()).isEqualTo(1);
    }

    @Test
    void reviewWithoutPendingSuggestionFails() throws Exception {
        run("init", project.toString());
        Path csv = Files.writeString(temp.resolve("labels.csv"), "image,cat\na.jpg,\n");
        run("import", project.toString(), "--format", "csv", "--source", csv.toString(), "--images",
                images.toString());

        Run run = run("review", project.toString(), "--accept", "--image", "a.jpg", "--category", "cat");
        Run unknownCategory = run("review", project.toString(), "--accept", "--image", "a.jpg", "--category", "cow");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("regiontag: no pending suggestion for 'cat' on a.jpg; run 'regiontag"
                + " suggest DIR' first, or set the label directly\n");
        assertThat(unknownCategory.err()).isEqualTo("regiontag: no category 'cow' in the project; the categories"
                + " are: cat\n");
    }

    @Test
    void reviewNeedsExactlyOneDecision() {
        run("init", project.toString());

        Run both = run("review", project.toString(), "--accept", "--reject", "--image", "a.jpg", "--category", "c");
        Run neither = run("review", project.toString(), "--image", "a.jpg", "--category", "c");

        assertThat(both.status()).isEqualTo(1);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(neither.status()).isEqualTo(1);
    }

    @Test
    void undoWithNothingToUndoIsAUserError() {
        run("init", project.toString());

        Run undo = run("undo", project.toString());
        Run redo = run("redo", project.toString());

        assertThat(undo.status()).isEqualTo(1);
        assertThat(undo.err()).isEqualTo("regiontag: nothing to undo in " + project + "\n");
        assertThat(redo.err()).isEqualTo("regiontag: nothing to redo in " + project + "\n");
    }

    @Test
    void everyStoreCommandHasHelp() {
        for (String command : List.of("init", "import", "stats", "export", "review", "undo", "redo")) {
            Run help = run(command, "--help");

            assertThat(help.status()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: regiontag " + command);
            assertThat(help.out().lines().findFirst().orElse("")).as(command).isNotBlank();
            assertThat(help.out()).as(command).contains("DIR");
        }
    }

    private long positiveCount(String category) {
        for (JsonNode node : statsJson().get("categories")) {
            if (node.get("name").asText().equals(category)) {
                return node.get("positive").asLong();
            }
        }
        throw new AssertionError("no category " + category);
    }

    /** Stores pending suggestions of one model version as the engine would, through the repositories. */
    private void suggest(String image, ProposedState proposed, String... categories) {
        try (Project opened = Project.open(project)) {
            List<SuggestionDraft> drafts = new java.util.ArrayList<>();
            for (String category : categories) {
                Cell cell = new LabelEditor(opened.database()).findCell(image, category);
                drafts.add(new SuggestionDraft(cell.imageId(), cell.categoryId(), 0.9, null, null, proposed, 1.0,
                        false));
            }
            opened.database().inTransaction(connection -> {
                long version = new ModelVersionRepository(connection).insertModelVersion(null, "test-backbone", "{}",
                        null, "v.safetensors", opened.database().now());
                return new SuggestionRepository(connection).replaceSuggestionsForVersion(version, drafts,
                        opened.database().now());
            });
        }
    }

    private JsonNode statsJson() {
        return statsJson(project);
    }

    private JsonNode statsJson(Path folder) {
        Run stats = run("stats", folder.toString(), "--json");
        assertThat(stats.status()).as(stats.err()).isZero();
        try {
            return new ObjectMapper().readTree(stats.out());
        } catch (Exception e) {
            throw new AssertionError("stats --json printed no JSON: " + stats.out(), e);
        }
    }

    private static Run run(String... args) {
        CommandLine commandLine = RegionTagCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static void png(Path file, int width, int height) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        ImageIO.write(image, "png", file.toFile());
    }
}
