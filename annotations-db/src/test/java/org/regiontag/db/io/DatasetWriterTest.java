package org.regiontag.db.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.StoreException;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.image.ImageProbe;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelBatchRepository;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.LabelSource;

class DatasetWriterTest {

    @TempDir
    Path temp;

    private Path images;
    private Project project;
    private DatasetWriter writer;

    @BeforeEach
    void createProject() {
        images = temp.resolve("images");
        project = Project.create(temp.resolve("project"), "test");
        writer = new DatasetWriter(project.database());
    }

    @AfterEach
    void closeProject() {
        project.close();
    }

    @Test
    void importStoresImagesCategoriesAndLabels() throws Exception {
        TestImages.png(images.resolve("a.png"), 40, 30);
        TestImages.png(images.resolve("b.png"), 20, 10);
        ParsedDataset dataset = dataset(List.of("cat", "dog"),
                image("a.png", Split.VAL, Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE)),
                image("b.png", null, Map.of(1, CellState.POSITIVE)));

        ImportSummary summary = writer.write(dataset, ImportOptions.of("ana"), ProgressReporter.NONE);

        assertThat(summary.imagesAdded()).isEqualTo(2);
        assertThat(summary.categoriesAdded()).containsExactly("cat", "dog");
        assertThat(summary.labelsAdded()).isEqualTo(3);
        assertThat(summary.missingImages()).isEmpty();
        ImageRecord a = imageByPath("a.png");
        assertThat(a.width()).isEqualTo(40);
        assertThat(a.height()).isEqualTo(30);
        assertThat(a.split()).isEqualTo(Split.VAL);
        assertThat(a.status()).isEqualTo(ImageStatus.OK);
        assertThat(a.sha256()).isEqualTo(ImageProbe.sha256(images.resolve("a.png")));
        assertThat(imageByPath("b.png").split()).isEqualTo(Split.TRAIN);
        assertThat(cells()).containsExactly(
                Map.entry("a.png|cat", "positive/imported/ana"),
                Map.entry("a.png|dog", "negative/imported/ana"),
                Map.entry("b.png|dog", "positive/imported/ana"));
        assertThat(count("label_event")).as("first values are recorded by the label rows, not events").isZero();
        assertThat(query("SELECT kind || ' ' || actor FROM label_batch")).isEqualTo("import ana");
    }

    @Test
    void pathsAreNormalised() {
        TestImages.png(images.resolve("sub dir/ünï cödé.png"), 8, 8);
        TestImages.png(images.resolve("x/y.png"), 8, 8);

        ImportSummary summary = writer.write(dataset(List.of("cat"),
                image("sub dir\\x\\..\\ünï cödé.png", null, Map.of(0, CellState.POSITIVE)),
                image("./x/./y.png", null, Map.of(0, CellState.NEGATIVE)),
                image(images.resolve("x/y.png").toString(), null, Map.of())), ImportOptions.of("ana"),
                ProgressReporter.NONE);

        assertThat(summary.imagesAdded()).isEqualTo(2);
        assertThat(summary.skippedImages()).isEmpty();
        assertThat(imageByPath("sub dir/ünï cödé.png").status()).isEqualTo(ImageStatus.OK);
        assertThat(imageByPath("x/y.png").status()).isEqualTo(ImageStatus.OK);
    }

    @Test
    void pathOutsideRootIsSkippedAndListed() {
        TestImages.png(temp.resolve("outside.png"), 8, 8);

        ImportSummary summary = writer.write(dataset(List.of("cat"),
                image("../outside.png", null, Map.of(0, CellState.POSITIVE)),
                image("a/../../outside.png", null, Map.of(0, CellState.POSITIVE)),
                image(temp.resolve("outside.png").toString(), null, Map.of(0, CellState.POSITIVE)),
                image("C:\\data\\x.png", null, Map.of()),
                image("", null, Map.of())), ImportOptions.of("ana"), ProgressReporter.NONE);

        assertThat(summary.imagesAdded()).isZero();
        assertThat(summary.skippedImages()).extracting(ImportSummary.ImageProblem::path).containsExactly(
                "../outside.png", "a/../../outside.png", temp.resolve("outside.png").toString(), "C:\\data\\x.png",
                "");
        assertThat(summary.skippedImages().get(0).reason()).contains("outside the dataset root");
        assertThat(count("image")).isZero();
        assertThat(count("label")).isZero();
    }

    @Test
    void missingAndDamagedImagesAreStoredAndListed() {
        TestImages.png(images.resolve("good.png"), 8, 8);
        TestImages.garbage(images.resolve("bad.jpg"));

        ImportSummary summary = writer.write(dataset(List.of("cat"),
                image("good.png", null, Map.of(0, CellState.POSITIVE)),
                image("bad.jpg", null, Map.of(0, CellState.POSITIVE)),
                new DatasetImage("gone.jpg", null, Map.of(0, CellState.NEGATIVE), 640, 480)),
                ImportOptions.of("ana"), ProgressReporter.NONE);

        assertThat(summary.missingImages()).extracting(ImportSummary.ImageProblem::path).containsExactly("gone.jpg");
        assertThat(summary.damagedImages()).extracting(ImportSummary.ImageProblem::path).containsExactly("bad.jpg");
        ImageRecord gone = imageByPath("gone.jpg");
        assertThat(gone.status()).isEqualTo(ImageStatus.MISSING);
        assertThat(gone.statusReason()).isNotBlank();
        assertThat(gone.width()).isEqualTo(640);
        assertThat(gone.height()).isEqualTo(480);
        assertThat(imageByPath("bad.jpg").status()).isEqualTo(ImageStatus.DAMAGED);
        assertThat(count("label")).isEqualTo(3);
    }

    @Test
    void imageWithoutCellsStaysAllUnknown() {
        writer.write(dataset(List.of("cat", "dog"),
                image("a.jpg", null, Map.of(0, CellState.POSITIVE)),
                image("empty.jpg", null, Map.of())), ImportOptions.of("ana"), ProgressReporter.NONE);

        assertThat(cells()).containsOnlyKeys("a.jpg|cat");
        assertThat(count("image")).isEqualTo(2);
    }

    @Test
    void exhaustiveSourceMakesUnknownCellsNegative() {
        writer.write(dataset(List.of("cat", "dog"),
                image("a.jpg", null, Map.of(0, CellState.POSITIVE)),
                image("empty.jpg", null, Map.of())), new ImportOptions("ana", true, null), ProgressReporter.NONE);

        assertThat(cells()).containsExactly(
                Map.entry("a.jpg|cat", "positive/imported/ana"),
                Map.entry("a.jpg|dog", "negative/imported/ana"),
                Map.entry("empty.jpg|cat", "negative/imported/ana"),
                Map.entry("empty.jpg|dog", "negative/imported/ana"));
        assertThat(query("SELECT exhaustive FROM dataset_root")).isEqualTo("1");
    }

    @Test
    void importingTheSameSourceTwiceAddsNothing() {
        ParsedDataset dataset = dataset(List.of("cat", "dog"),
                image("a.jpg", null, Map.of(0, CellState.POSITIVE)),
                image("b.jpg", null, Map.of(1, CellState.NEGATIVE)));
        writer.write(dataset, ImportOptions.of("ana"), ProgressReporter.NONE);
        Map<String, String> before = cells();

        ImportSummary again = writer.write(dataset, ImportOptions.of("ana"), ProgressReporter.NONE);

        assertThat(again.imagesAdded()).isZero();
        assertThat(again.imagesUpdated()).isEqualTo(2);
        assertThat(again.categoriesAdded()).isEmpty();
        assertThat(again.labelsAdded()).isZero();
        assertThat(again.labelsUnchanged()).isEqualTo(2);
        assertThat(count("image")).isEqualTo(2);
        assertThat(count("category")).isEqualTo(2);
        assertThat(count("dataset_root")).isEqualTo(1);
        assertThat(cells()).isEqualTo(before);
    }

    @Test
    void reimportChangesImportedLabelsButNotDecisions() {
        writer.write(dataset(List.of("cat", "dog"),
                image("a.jpg", null, Map.of(0, CellState.POSITIVE, 1, CellState.POSITIVE))),
                ImportOptions.of("ana"), ProgressReporter.NONE);
        LabelEditor editor = new LabelEditor(project.database());
        editor.setCell(imageByPath("a.jpg").id(), categoryId("dog"), CellState.POSITIVE, "bo", "confirm dog");

        ImportSummary again = writer.write(dataset(List.of("cat", "dog"),
                image("a.jpg", null, Map.of(0, CellState.NEGATIVE, 1, CellState.NEGATIVE))),
                ImportOptions.of("cy"), ProgressReporter.NONE);

        assertThat(again.labelsChanged()).isEqualTo(1);
        assertThat(again.labelsKeptAsDecided()).isEqualTo(1);
        assertThat(query("SELECT old_state || ' ' || new_state || ' ' || actor || ' ' || reason FROM label_event"
                + " WHERE reason = 're-import'")).isEqualTo("positive negative cy re-import");
        assertThat(cells()).containsExactly(
                Map.entry("a.jpg|cat", "negative/imported/cy"),
                Map.entry("a.jpg|dog", "positive/annotator/bo"));
    }

    @Test
    void reimportNeverClearsCellsTheSourceLeavesUnknown() {
        writer.write(dataset(List.of("cat"), image("a.jpg", null, Map.of(0, CellState.POSITIVE))),
                ImportOptions.of("ana"), ProgressReporter.NONE);

        writer.write(dataset(List.of("cat"), image("a.jpg", null, Map.of())), ImportOptions.of("ana"),
                ProgressReporter.NONE);

        assertThat(cells()).containsOnlyKeys("a.jpg|cat");
    }

    @Test
    void categoriesUnifyByNameAcrossImports() {
        writer.write(dataset(List.of("cat", "dog"), image("a.jpg", null, Map.of(1, CellState.POSITIVE))),
                ImportOptions.of("ana"), ProgressReporter.NONE);

        ImportSummary second = writer.write(dataset(List.of("bird", "dog"),
                image("b.jpg", null, Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE))),
                ImportOptions.of("ana"), ProgressReporter.NONE);

        assertThat(second.categoriesAdded()).containsExactly("bird");
        assertThat(count("category")).isEqualTo(3);
        assertThat(cells()).containsExactly(
                Map.entry("a.jpg|dog", "positive/imported/ana"),
                Map.entry("b.jpg|bird", "positive/imported/ana"),
                Map.entry("b.jpg|dog", "negative/imported/ana"));
    }

    @Test
    void repeatedEntriesAndCategoryNamesAreMerged() {
        ImportSummary summary = writer.write(dataset(List.of("cat", "dog", "cat"),
                image("a.jpg", null, Map.of(0, CellState.NEGATIVE)),
                image("./a.jpg", null, Map.of(2, CellState.POSITIVE, 1, CellState.NEGATIVE))),
                ImportOptions.of("ana"), ProgressReporter.NONE);

        assertThat(count("category")).isEqualTo(2);
        assertThat(cells()).containsExactly(
                Map.entry("a.jpg|cat", "positive/imported/ana"),
                Map.entry("a.jpg|dog", "negative/imported/ana"));
        assertThat(summary.notes()).hasSize(2);
    }

    @Test
    void simulationKeepsDrawnCellsAndStoresGroundTruth() {
        List<DatasetImage> source = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            source.add(image("img" + i + ".jpg", null, Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE)));
        }
        MissingLabelSimulation simulation = new MissingLabelSimulation(0.3, 42);

        ImportSummary summary = writer.write(dataset(List.of("cat", "dog"), source.toArray(DatasetImage[]::new)),
                new ImportOptions("ana", false, simulation), ProgressReporter.NONE);

        assertThat(summary.completeLabels()).isEqualTo(400);
        assertThat(count("complete_label")).isEqualTo(400);
        assertThat(summary.labelsAdded() + summary.cellsHidden()).isEqualTo(400);
        Map<String, String> kept = cells();
        assertThat((long) kept.size()).isEqualTo(summary.labelsAdded());
        for (String cell : kept.keySet()) {
            String[] parts = cell.split("\\|");
            assertThat(simulation.keeps(parts[0], parts[1])).as(cell).isTrue();
        }
    }

    @Test
    void simulationDoesNotDependOnSourceOrder() throws Exception {
        List<DatasetImage> source = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            source.add(image("img" + i + ".jpg", null, Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE)));
        }
        List<DatasetImage> shuffled = new ArrayList<>(source);
        Collections.shuffle(shuffled, new Random(7));
        MissingLabelSimulation simulation = new MissingLabelSimulation(0.5, 1234);
        writer.write(dataset(List.of("cat", "dog"), source.toArray(DatasetImage[]::new)),
                new ImportOptions("ana", false, simulation), ProgressReporter.NONE);
        Map<String, String> first = cells();

        try (Project other = Project.create(temp.resolve("other"), "other")) {
            new DatasetWriter(other.database()).write(dataset(List.of("dog", "cat"), reindex(shuffled)),
                    new ImportOptions("ana", false, simulation), ProgressReporter.NONE);
            assertThat(cells(other)).isEqualTo(first);
        }
    }

    @Test
    void failedImportLeavesProjectExactlyAsBefore() throws Exception {
        writer.write(dataset(List.of("cat"), image("a.jpg", null, Map.of(0, CellState.POSITIVE))),
                ImportOptions.of("ana"), ProgressReporter.NONE);
        String before = dump();
        // A trigger makes the store fail on the last label row, after images, categories and other labels.
        execute("CREATE TRIGGER fail_late BEFORE INSERT ON label WHEN NEW.image_id ="
                + " (SELECT id FROM image WHERE path = 'z.jpg') BEGIN SELECT RAISE(ABORT, 'disk full'); END");

        assertThatThrownBy(() -> writer.write(dataset(List.of("cat", "dog"),
                image("a.jpg", null, Map.of(0, CellState.NEGATIVE)),
                image("b.jpg", null, Map.of(1, CellState.POSITIVE)),
                image("z.jpg", null, Map.of(1, CellState.POSITIVE))), ImportOptions.of("ana"), ProgressReporter.NONE))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("disk full");

        execute("DROP TRIGGER fail_late");
        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void categoryCountsFollowEveryChange() {
        List<DatasetImage> source = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            source.add(image("img" + i + ".jpg", null, Map.of(0, i % 3 == 0 ? CellState.POSITIVE : CellState.NEGATIVE,
                    1, CellState.POSITIVE)));
        }
        source.add(image("none.jpg", null, Map.of()));
        writer.write(dataset(List.of("cat", "dog"), source.toArray(DatasetImage[]::new)),
                new ImportOptions("ana", false, new MissingLabelSimulation(0.5, 3)), ProgressReporter.NONE);
        assertThat(storedCounts()).isEqualTo(recountedCounts());

        List<DatasetImage> changed = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            changed.add(image("img" + i + ".jpg", null, Map.of(0, CellState.NEGATIVE, 2, CellState.POSITIVE)));
        }
        writer.write(dataset(List.of("cat", "dog", "bird"), changed.toArray(DatasetImage[]::new)),
                new ImportOptions("bo", false, new MissingLabelSimulation(0.7, 4)), ProgressReporter.NONE);
        assertThat(storedCounts()).isEqualTo(recountedCounts());

        LabelEditor editor = new LabelEditor(project.database());
        long image = imageByPath("img5.jpg").id();
        editor.setCell(image, categoryId("dog"), CellState.NEGATIVE, "cy", "dog off");
        editor.setCell(image, categoryId("cat"), null, "cy", "cat unknown");
        editor.setCell(imageByPath("none.jpg").id(), categoryId("bird"), CellState.POSITIVE, "cy", "bird on");
        assertThat(storedCounts()).isEqualTo(recountedCounts());
        editor.undo("cy");
        editor.undo("cy");
        assertThat(storedCounts()).isEqualTo(recountedCounts());
        editor.redo("cy");
        assertThat(storedCounts()).isEqualTo(recountedCounts());
        assertThat(storedCounts()).isNotEmpty();
    }

    @Test
    void importLeavesEveryForeignKeyValid() {
        writer.write(dataset(List.of("cat", "dog"), image("a.jpg", null, Map.of(0, CellState.POSITIVE)),
                image("b.jpg", Split.VAL, Map.of(1, CellState.NEGATIVE))),
                new ImportOptions("ana", false, new MissingLabelSimulation(0.5, 9)), ProgressReporter.NONE);
        writer.write(dataset(List.of("dog", "bird"), image("a.jpg", null, Map.of(0, CellState.POSITIVE)),
                image("b.jpg", null, Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE)),
                image("c.jpg", null, Map.of(1, CellState.POSITIVE))), ImportOptions.of("bo"), ProgressReporter.NONE);

        assertThat(lines("SELECT \"table\" || ' ' || rowid || ' ' || parent FROM pragma_foreign_key_check"))
                .isEmpty();
        assertThat(count("label_event")).as("the re-import changed b.jpg|dog").isEqualTo(1);
        assertThatThrownBy(() -> execute("INSERT INTO label (image_id, category_id, state, source, batch_id)"
                + " VALUES (99, 1, 'positive', 'imported', 1)"))
                .as("checks are on again after the import")
                .hasMessageContaining("FOREIGN KEY constraint failed");
    }

    /** Returns "category state count" lines from the count table, for working labels and ground truth. */
    private List<String> storedCounts() {
        return lines("SELECT c.name || ' ' || s.state || ' ' || s.n FROM category c JOIN ("
                + " SELECT category_id, 'positive' AS state, positive AS n FROM category_label_count"
                + " UNION ALL SELECT category_id, 'negative', negative FROM category_label_count"
                + " UNION ALL SELECT category_id, 'complete positive', complete_positive FROM category_label_count"
                + " UNION ALL SELECT category_id, 'complete negative', complete_negative FROM category_label_count"
                + ") s ON s.category_id = c.id WHERE s.n > 0 ORDER BY 1");
    }

    /** The same lines as {@link #storedCounts()}, counted from the label rows themselves. */
    private List<String> recountedCounts() {
        return lines("SELECT c.name || ' ' || s.state || ' ' || s.n FROM category c JOIN ("
                + " SELECT category_id, state, count(*) AS n FROM label GROUP BY category_id, state"
                + " UNION ALL SELECT category_id, 'complete ' || state, count(*) FROM complete_label"
                + " GROUP BY category_id, state) s ON s.category_id = c.id ORDER BY 1");
    }

    private List<String> lines(String sql) {
        return project.database().read(connection -> {
            List<String> lines = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            return lines;
        });
    }

    @Test
    void cellOfUnknownCategoryIndexIsAReaderDefect() {
        assertThatThrownBy(() -> writer.write(dataset(List.of("cat"),
                image("a.jpg", null, Map.of(3, CellState.POSITIVE))), ImportOptions.of("ana"), ProgressReporter.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("category index 3");
        assertThat(count("image")).isZero();
    }

    @Test
    void progressReachesTheTotal() {
        List<long[]> reports = new ArrayList<>();
        writer.write(dataset(List.of("cat"), image("a.jpg", null, Map.of()), image("b.jpg", null, Map.of())),
                ImportOptions.of("ana"), (phase, done, total) -> reports.add(new long[] {done, total}));

        assertThat(reports).isNotEmpty();
        assertThat(reports.get(reports.size() - 1)).containsExactly(2, 2);
    }

    private DatasetImage[] reindex(List<DatasetImage> images) {
        // The second source lists dog before cat, so category indices swap.
        return images.stream().map(image -> {
            Map<Integer, CellState> cells = new HashMap<>();
            image.cells().forEach((index, state) -> cells.put(1 - index, state));
            return new DatasetImage(image.path(), image.split(), cells, 0, 0);
        }).toArray(DatasetImage[]::new);
    }

    private ParsedDataset dataset(List<String> categories, DatasetImage... entries) {
        return new ParsedDataset("test", temp.resolve("labels.txt"), images,
                categories.stream().map(name -> new DatasetCategory(name, null)).toList(), List.of(entries),
                List.of());
    }

    private static DatasetImage image(String path, Split split, Map<Integer, CellState> cells) {
        return new DatasetImage(path, split, cells, 0, 0);
    }

    private ImageRecord imageByPath(String path) {
        return project.database().read(connection -> new ImageRepository(connection)
                .findImagesByRelativePath(path).get(0));
    }

    private long categoryId(String name) {
        return project.database().read(connection -> new CategoryRepository(connection)
                .findCategoryByName(name).orElseThrow().id());
    }

    private Map<String, String> cells() {
        return cells(project);
    }

    /** Maps every working label's "path|category" to "state/source/actor", sorted. */
    static Map<String, String> cells(Project project) {
        return project.database().read(connection -> {
            Map<Long, String> paths = new HashMap<>();
            new ImageRepository(connection).forEachImage(image -> paths.put(image.id(), image.path()));
            Map<Long, String> names = new HashMap<>();
            new CategoryRepository(connection).findAllCategories()
                    .forEach(category -> names.put(category.id(), category.name()));
            Map<Long, String> actors = new HashMap<>();
            new LabelBatchRepository(connection).findAllBatches()
                    .forEach(batch -> actors.put(batch.id(), batch.actor()));
            Map<String, String> cells = new TreeMap<>();
            new LabelRepository(connection).forEachLabel((Label label) -> cells.put(
                    paths.get(label.imageId()) + "|" + names.get(label.categoryId()),
                    label.state().storeName() + "/" + label.source().storeName() + "/"
                            + actors.get(label.batchId())));
            return cells;
        });
    }

    private long count(String table) {
        return Long.parseLong(query("SELECT count(*) FROM " + table));
    }

    private String query(String sql) {
        return project.database().read(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return row.getString(1);
            }
        });
    }

    private void execute(String sql) {
        project.database().inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            return null;
        });
    }

    /** Prints every row of every table of the store as text. */
    private String dump() {
        return project.database().read(DatasetWriterTest::dump);
    }

    private static String dump(Connection connection) throws SQLException {
        StringBuilder text = new StringBuilder();
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        for (String table : tables) {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    text.append(table).append(':');
                    for (int i = 1; i <= columns; i++) {
                        text.append(rows.getString(i)).append('|');
                    }
                    text.append('\n');
                }
            }
        }
        return text.toString();
    }
}
