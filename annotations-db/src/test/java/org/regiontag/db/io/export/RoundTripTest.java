package org.regiontag.db.io.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.TestImages;
import org.regiontag.db.io.formats.DatasetReaders;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.LabelRepository;

/**
 * Export, then import into a fresh project through the format's reader, gives back every cell of
 * a project with positive, negative and unknown cells, labels set by an annotator, an image and a
 * category without known cells, and all three splits.
 */
class RoundTripTest {

    private static final List<String> IMAGES = List.of("a.jpg", "b.png", "sub/c.jpg", "sub/d.jpeg", "e.jpg",
            "ünï.jpg");

    @TempDir
    Path temp;

    private Path images;
    private Project project;

    @BeforeEach
    void createProject() {
        images = temp.resolve("images");
        for (String image : IMAGES) {
            TestImages.png(images.resolve(image), 12, 8);
        }
        project = Project.create(temp.resolve("project"), "round trip");
        CellState p = CellState.POSITIVE;
        CellState n = CellState.NEGATIVE;
        new DatasetWriter(project.database()).write(new ParsedDataset("test", images.resolve("labels"), images,
                List.of(new DatasetCategory("cat", "17"), new DatasetCategory("dog", "18"),
                        new DatasetCategory("dining table", "67"), new DatasetCategory("bird", "16")),
                List.of(new DatasetImage("a.jpg", Split.TRAIN, Map.of(0, p, 1, n, 2, n), 0, 0),
                        new DatasetImage("b.png", Split.VAL, Map.of(0, n, 1, p), 0, 0),
                        new DatasetImage("sub/c.jpg", Split.TEST, Map.of(0, n, 2, p), 0, 0),
                        new DatasetImage("sub/d.jpeg", Split.TRAIN, Map.of(1, n), 0, 0),
                        new DatasetImage("e.jpg", Split.VAL, Map.of(), 0, 0),
                        new DatasetImage("ünï.jpg", Split.TEST, Map.of(0, p, 1, p, 2, n), 0, 0)),
                List.of()), ImportOptions.of("ana"), ProgressReporter.NONE);

        LabelEditor editor = new LabelEditor(project.database());
        editor.setCell(imageId("sub/d.jpeg"), categoryId("dog"), p, "bo", "dog seen");
        editor.setCell(imageId("a.jpg"), categoryId("cat"), null, "bo", "not sure about the cat");
        editor.setCell(imageId("ünï.jpg"), categoryId("dining table"), p, "bo", "table seen");
    }

    @AfterEach
    void closeProject() {
        project.close();
    }

    @ParameterizedTest(name = "{0}, provenance {1}")
    @CsvSource({"csv, false", "csv, true", "csv-long, false", "csv-long, true", "voc, false", "voc, true",
        "coco, false", "coco, true"})
    void exportThenImportGivesIdenticalCells(String format, boolean provenance) {
        ExportFormat exportFormat = ExportFormat.fromCliName(format);
        Path target = temp.resolve("export").resolve(exportFormat.defaultTarget());
        ExportSummary summary = new LabelExporter(project.database(), project.name())
                .export(exportFormat, target, new ExportOptions(provenance));

        ParsedDataset read = DatasetReaders.forFormat(format).read(target, summary.imageRoot(), null);

        try (Project fresh = Project.create(temp.resolve("fresh"), "fresh")) {
            new DatasetWriter(fresh.database()).write(read, ImportOptions.of("cy"), ProgressReporter.NONE);
            assertThat(cells(fresh)).isEqualTo(cells(project));
            assertThat(cells(fresh)).containsEntry("a.jpg|dog", "negative").doesNotContainKey("a.jpg|cat")
                    .containsEntry("sub/d.jpeg|dog", "positive");
            assertThat(categoryNames(fresh)).isEqualTo(categoryNames(project));
            assertThat(splits(fresh).keySet()).isEqualTo(splits(project).keySet());
            if (exportFormat == ExportFormat.VOC) {
                assertThat(splits(fresh)).as("VOC lists carry the split").isEqualTo(splits(project));
            }
        }
    }

    /** Maps "path|category" of every known cell to its state. */
    private static Map<String, String> cells(Project project) {
        return project.database().read(connection -> {
            Map<Long, String> paths = new HashMap<>();
            new ImageRepository(connection).forEachImage(image -> paths.put(image.id(), image.path()));
            Map<Long, String> names = new HashMap<>();
            new CategoryRepository(connection).findAllCategories()
                    .forEach(category -> names.put(category.id(), category.name()));
            Map<String, String> cells = new TreeMap<>();
            new LabelRepository(connection).forEachLabel(label -> cells.put(
                    paths.get(label.imageId()) + "|" + names.get(label.categoryId()), label.state().storeName()));
            return cells;
        });
    }

    private static TreeSet<String> categoryNames(Project project) {
        TreeSet<String> names = new TreeSet<>();
        project.database().read(connection -> new CategoryRepository(connection).findAllCategories())
                .forEach(category -> names.add(category.name()));
        return names;
    }

    /** Maps every image path to its split. */
    private static Map<String, Split> splits(Project project) {
        Map<String, Split> splits = new TreeMap<>();
        project.database().read(connection -> {
            new ImageRepository(connection).forEachImage(image -> splits.put(image.path(), image.split()));
            return null;
        });
        return splits;
    }

    private long imageId(String path) {
        return project.database().read(connection -> new ImageRepository(connection)
                .findImagesByRelativePath(path).stream().findFirst().map(ImageRecord::id).orElseThrow());
    }

    private long categoryId(String name) {
        return project.database().read(connection -> new CategoryRepository(connection)
                .findCategoryByName(name).orElseThrow().id());
    }
}
