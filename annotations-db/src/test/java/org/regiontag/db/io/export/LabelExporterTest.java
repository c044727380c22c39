package org.regiontag.db.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.csv.CsvLongReader;
import org.regiontag.db.io.csv.CsvWideReader;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.LabelRepository;

class LabelExporterTest {

    @TempDir
    Path temp;

    private Path images;
    private Project project;
    private LabelExporter exporter;

    @BeforeEach
    void createProject() {
        images = temp.resolve("images");
        project = Project.create(temp.resolve("project"), "zoo");
        exporter = new LabelExporter(project.database(), project.name());
        importSample(project, images);
    }

    @AfterEach
    void closeProject() {
        project.close();
    }

    @Test
    void wideCsvRoundTripGivesIdenticalCells() {
        Path file = temp.resolve("out/labels.csv");

        ExportSummary summary = exporter.export(ExportFormat.CSV, file, new ExportOptions(false));

        assertThat(summary.images()).isEqualTo(4);
        assertThat(summary.positive()).isEqualTo(2);
        assertThat(summary.negative()).isEqualTo(2);
        assertThat(summary.imageRoot()).isEqualTo(images.toAbsolutePath());
        assertThat(reimport(new CsvWideReader().read(file, summary.imageRoot(), null))).isEqualTo(cells(project));
    }

    @Test
    void longCsvRoundTripKeepsEmptyRows() {
        Path file = temp.resolve("out/labels-long.csv");

        ExportSummary summary = exporter.export(ExportFormat.CSV_LONG, file, new ExportOptions(true));

        ParsedDataset read = new CsvLongReader().read(file, summary.imageRoot(), null);
        assertThat(read.images()).extracting(DatasetImage::path).contains("empty one.jpg");
        assertThat(read.categories()).extracting(DatasetCategory::name).contains("bird, small");
        assertThat(reimport(read)).isEqualTo(cells(project));
    }

    @Test
    void wideCsvWithProvenanceStillRoundTrips() throws Exception {
        Path file = temp.resolve("labels.csv");

        exporter.export(ExportFormat.CSV, file, new ExportOptions(true));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("image,cat,dog,\"bird, small\",cat@source,cat@actor,cat@time,dog@source,"
                + "dog@actor,dog@time,\"bird, small@source\",\"bird, small@actor\",\"bird, small@time\"");
        assertThat(lines).anyMatch(line -> line.startsWith("a.jpg,1,-1,0,imported,ana,"));
        assertThat(lines).anyMatch(line -> line.startsWith("sub/ünï b.jpg,0,1,0,,,,annotator,bo,"));
        assertThat(reimport(new CsvWideReader().read(file, images, null))).isEqualTo(cells(project));
    }

    @Test
    void wideCsvContentIsAsDocumented() throws Exception {
        Path file = temp.resolve("labels.csv");

        exporter.export(ExportFormat.CSV, file, new ExportOptions(false));

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(
                "image,cat,dog,\"bird, small\"\n"
                        + "a.jpg,1,-1,0\n"
                        + "b.jpg,-1,0,0\n"
                        + "sub/ünï b.jpg,0,1,0\n"
                        + "empty one.jpg,0,0,0\n");
    }

    @Test
    void vocListsPerCategoryAndSplit() throws Exception {
        Path folder = temp.resolve("voc");
        useVocFriendlyNames();

        ExportSummary summary = exporter.export(ExportFormat.VOC, folder, new ExportOptions(true));

        Path main = folder.resolve("ImageSets/Main");
        assertThat(listNames(main)).containsExactly("bird_train.txt", "bird_val.txt", "cat_train.txt", "cat_val.txt",
                "dog_train.txt", "dog_val.txt", "train.txt", "val.txt");
        assertThat(Files.readString(main.resolve("cat_train.txt"))).isEqualTo("b -1\nc  0\ne  0\n");
        assertThat(Files.readString(main.resolve("dog_train.txt"))).isEqualTo("b  0\nc  1\ne  0\n");
        assertThat(Files.readString(main.resolve("cat_val.txt"))).isEqualTo("a  1\n");
        assertThat(Files.readString(main.resolve("dog_val.txt"))).isEqualTo("a -1\n");
        assertThat(Files.readString(main.resolve("train.txt"))).isEqualTo("b\nc\ne\n");
        assertThat(summary.warnings()).singleElement().asString().contains("provenance");
    }

    @Test
    void vocRejectsClashingIds() {
        Path folder = temp.resolve("voc");
        useVocFriendlyNames();
        execute("UPDATE image SET path = 'a.png' WHERE path = 'b.jpg'");

        assertThatThrownBy(() -> exporter.export(ExportFormat.VOC, folder, new ExportOptions(false)))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("share a VOC id")
                .hasMessageContaining("a.jpg / a.png");
        assertThat(folder).doesNotExist();
    }

    @Test
    void vocRejectsPathsWithSpaces() {
        assertThatThrownBy(() -> exporter.export(ExportFormat.VOC, temp.resolve("voc"), new ExportOptions(false)))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("contain whitespace")
                .hasMessageContaining("sub/ünï b.jpg");
    }

    @Test
    void cocoExportUsesExtensionField() throws Exception {
        Path file = temp.resolve("coco.json");

        ExportSummary summary = exporter.export(ExportFormat.COCO, file, new ExportOptions(true));

        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.get("images")).hasSize(4);
        assertThat(root.get("images").get(0).get("file_name").asText()).isEqualTo("a.jpg");
        assertThat(root.get("images").get(0).get("id").asLong()).isEqualTo(1);
        assertThat(root.get("annotations")).isEmpty();
        assertThat(root.get("categories")).extracting(node -> node.get("id").asLong() + "=" + node.get("name").asText())
                .containsExactly("17=cat", "18=dog", "16=bird, small");
        List<String> labels = new ArrayList<>();
        root.get("image_labels").forEach(node -> labels.add(node.get("image_id").asLong() + "/"
                + node.get("category_id").asLong() + "/" + node.get("state").asText() + "/"
                + node.get("source").asText() + "/" + node.get("actor").asText()));
        assertThat(labels).containsExactly("1/17/positive/imported/ana", "1/18/negative/imported/ana",
                "2/17/negative/imported/ana", "3/18/positive/annotator/bo");
        assertThat(root.get("image_labels").get(0).get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(summary.warnings()).singleElement().asString().contains("plain COCO tools ignore it");
    }

    @Test
    void cocoExportWithoutProvenanceHasNoProvenanceFields() throws Exception {
        Path file = temp.resolve("coco.json");

        exporter.export(ExportFormat.COCO, file, new ExportOptions(false));

        JsonNode label = new ObjectMapper().readTree(file.toFile()).get("image_labels").get(0);
        assertThat(label.has("source")).isFalse();
        assertThat(label.size()).isEqualTo(3);
    }

    @Test
    void exportReplacesTargetAtomically() throws Exception {
        Path file = temp.resolve("out/labels.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old content");

        exporter.export(ExportFormat.CSV, file, new ExportOptions(false));

        assertThat(Files.readString(file)).startsWith("image,cat");
        assertThat(listNames(file.getParent())).containsExactly("labels.csv");
    }

    @Test
    void severalRootsExportRelativeToTheirCommonFolder() throws Exception {
        Path otherRoot = temp.resolve("more/pictures");
        new DatasetWriter(project.database()).write(new ParsedDataset("test", temp.resolve("x"), otherRoot,
                List.of(new DatasetCategory("cat", null)), List.of(new DatasetImage("z.jpg", null,
                        Map.of(0, CellState.POSITIVE), 0, 0)), List.of()), ImportOptions.of("ana"),
                ProgressReporter.NONE);
        Path file = temp.resolve("labels.csv");

        ExportSummary summary = exporter.export(ExportFormat.CSV, file, new ExportOptions(false));

        assertThat(summary.imageRoot()).isEqualTo(temp.toAbsolutePath());
        assertThat(Files.readAllLines(file)).contains("images/a.jpg,1,-1,0", "more/pictures/z.jpg,1,0,0");
        assertThat(reimport(new CsvWideReader().read(file, summary.imageRoot(), null))).isEqualTo(cells(project));
    }

    @Test
    void unknownFormatNamesTheValidOnes() {
        assertThatThrownBy(() -> ExportFormat.fromCliName("yolo"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("unknown format 'yolo'; expected one of voc, coco, csv, csv-long");
    }

    /**
     * Imports four images: a.jpg (val) with cat positive and dog negative, b.jpg with cat negative,
     * "sub/ünï b.jpg" with dog set positive by an annotator, and "empty one.jpg" without labels. The
     * category "bird, small" has no known cell.
     */
    static void importSample(Project project, Path images) {
        new DatasetWriter(project.database()).write(new ParsedDataset("test", images.resolve("labels"), images,
                List.of(new DatasetCategory("cat", "17"), new DatasetCategory("dog", "18"),
                        new DatasetCategory("bird, small", "16")),
                List.of(new DatasetImage("a.jpg", Split.VAL,
                                Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE), 0, 0),
                        new DatasetImage("b.jpg", null, Map.of(0, CellState.NEGATIVE), 0, 0),
                        new DatasetImage("sub/ünï b.jpg", null, Map.of(), 0, 0),
                        new DatasetImage("empty one.jpg", null, Map.of(), 0, 0)),
                List.of()), ImportOptions.of("ana"), ProgressReporter.NONE);
        long image = project.database().read(connection -> new ImageRepository(connection)
                .findImagesByRelativePath("sub/ünï b.jpg").get(0).id());
        long dog = project.database().read(connection -> new CategoryRepository(connection)
                .findCategoryByName("dog").orElseThrow().id());
        new LabelEditor(project.database()).setCell(image, dog, CellState.POSITIVE, "bo", "dog seen");
    }

    /** Renames the sample's images and categories to names without spaces, as VOC lists need. */
    private void useVocFriendlyNames() {
        execute("UPDATE image SET path = 'c.jpg' WHERE path = 'sub/ünï b.jpg'");
        execute("UPDATE image SET path = 'e.jpg' WHERE path = 'empty one.jpg'");
        execute("UPDATE category SET name = 'bird' WHERE name = 'bird, small'");
    }

    private void execute(String sql) {
        project.database().inTransaction(connection -> {
            try (var statement = connection.createStatement()) {
                statement.executeUpdate(sql);
            }
            return null;
        });
    }

    /** Imports a parsed export into a fresh project and returns its cells. */
    private Map<String, String> reimport(ParsedDataset dataset) {
        try (Project fresh = Project.create(temp.resolve("fresh-" + System.nanoTime()), "fresh")) {
            new DatasetWriter(fresh.database()).write(dataset, ImportOptions.of("cy"), ProgressReporter.NONE);
            return cells(fresh);
        }
    }

    /** Maps every image's absolute path to "category=state,…" over all categories, unknown included. */
    static Map<String, String> cells(Project project) {
        return project.database().read(connection -> {
            Map<Long, String> names = new TreeMap<>();
            new CategoryRepository(connection).findAllCategories().forEach(category ->
                    names.put(category.id(), category.name()));
            Map<Long, String> roots = new TreeMap<>();
            new org.regiontag.db.repo.DatasetRootRepository(connection).findAllRoots()
                    .forEach(root -> roots.put(root.id(), root.path().toString()));
            Map<String, String> cells = new TreeMap<>();
            new LabelRepository(connection).forEachImageWithLabels(entry -> {
                Map<String, String> row = new TreeMap<>();
                names.values().forEach(name -> row.put(name, "unknown"));
                entry.labels().forEach(label -> row.put(names.get(label.categoryId()), label.state().storeName()));
                cells.put(roots.get(entry.image().rootId()) + "/" + entry.image().path(), row.toString());
            });
            return cells;
        });
    }

    private static List<String> listNames(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
