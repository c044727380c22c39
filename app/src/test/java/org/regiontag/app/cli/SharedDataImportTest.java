package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The store's commands on the real sample datasets and odd real-world files of the shared folder,
 * run through the command line against real project folders. Expected counts are computed here
 * from the annotation files with other parsers (the JDK's DOM parser for VOC XML, a Jackson tree
 * for COCO JSON) than the importer's.
 */
@Tag("shared-data")
class SharedDataImportTest {

    private static final List<String> VOC_CLASSES = List.of("aeroplane", "bicycle", "bird", "boat", "bottle", "bus",
            "car", "cat", "chair", "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep",
            "sofa", "train", "tvmonitor");

    @TempDir
    Path temp;

    @Test
    void vocSampleMatchesItsXml() throws Exception {
        Path voc2012 = shared("voc-sample/VOCdevkit/VOC2012");
        Path project = init("voc");

        CliRun imported = CliRun.of("import", project.toString(), "--format", "voc", "--source", voc2012.toString());

        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("images: 100 added", "categories: 20 added");
        JsonNode stats = statsJson(project);
        assertThat(stats.get("images").asLong()).isEqualTo(100);
        assertThat(stats.get("missing_images").asLong()).isZero();
        assertThat(stats.get("damaged_images").asLong()).isZero();
        assertThat(countsByCategory(stats)).isEqualTo(vocCountsFromXml(voc2012.resolve("Annotations")));
    }

    @Test
    void cocoSampleMatchesItsJson() throws Exception {
        Path annotations = shared("coco-sample/annotations/instances_train2017.json");
        Path images = shared("coco-sample/coco128/images/train2017");
        Path project = init("coco");

        CliRun imported = CliRun.of("import", project.toString(), "--format", "coco", "--source",
                annotations.toString(), "--images", images.toString());

        assertThat(imported.status()).as(imported.err()).isZero();
        JsonNode coco = new ObjectMapper().readTree(annotations.toFile());
        JsonNode stats = statsJson(project);
        assertThat(stats.get("images").asLong()).isEqualTo(128);
        assertThat(stats.get("missing_images").asLong()).isZero();
        List<String> fileCategories = new ArrayList<>();
        coco.get("categories").forEach(category -> fileCategories.add(category.get("name").asText()));
        List<String> projectCategories = new ArrayList<>();
        stats.get("categories").forEach(category -> projectCategories.add(category.get("name").asText()));
        assertThat(projectCategories).isEqualTo(fileCategories);
        assertThat(countsByCategory(stats)).isEqualTo(cocoCountsFromJson(coco));

        List<String> unannotated = unannotatedImages(coco);
        assertThat(unannotated).containsExactly("000000000250.jpg", "000000000508.jpg");
        Path csv = temp.resolve("coco.csv");
        assertThat(CliRun.of("export", project.toString(), "--format", "csv", "--out", csv.toString()).status())
                .isZero();
        for (String image : unannotated) {
            String row = Files.readAllLines(csv).stream().filter(line -> line.startsWith(image + ","))
                    .findFirst().orElseThrow();
            assertThat(row.substring(image.length())).as("%s is all-unknown", image)
                    .isEqualTo(",0".repeat(fileCategories.size()));
        }
    }

    @Test
    void importingTheSamplesTwiceAddsNothing() throws Exception {
        Path voc2012 = shared("voc-sample/VOCdevkit/VOC2012");
        Path annotations = shared("coco-sample/annotations/instances_train2017.json");
        Path images = shared("coco-sample/coco128/images/train2017");
        Path project = init("twice");
        String[] voc = {"import", project.toString(), "--format", "voc", "--source", voc2012.toString()};
        String[] coco = {"import", project.toString(), "--format", "coco", "--source", annotations.toString(),
            "--images", images.toString()};
        CliRun.of(voc);
        CliRun.of(coco);
        JsonNode before = statsJson(project);
        String rowsBefore = dump(project);

        CliRun vocAgain = CliRun.of(voc);
        CliRun cocoAgain = CliRun.of(coco);

        assertThat(vocAgain.out()).contains("images: 0 added, 100 already in the project", "labels: 0 added,"
                + " 0 changed");
        assertThat(cocoAgain.out()).contains("images: 0 added, 128 already in the project", "labels: 0 added,"
                + " 0 changed");
        assertThat(statsJson(project)).isEqualTo(before);
        assertThat(before.get("images").asLong()).isEqualTo(228);
        assertThat(withoutBatches(dump(project))).isEqualTo(withoutBatches(rowsBefore));
    }

    /**
     * Every file of the odd-inputs folder (except its README and checksums) goes through an import
     * as the kind of source it is. Each import succeeds, or fails with one line on standard error,
     * exit status 1 and the project exactly as before.
     */
    @Test
    void everyOddInputImportsOrIsRejectedCleanly() throws Exception {
        Path odd = shared("odd-inputs");
        Path project = init("odd");
        Path noImages = Files.createDirectories(temp.resolve("no-images"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(odd)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(file -> !file.getParent().equals(odd))
                    .sorted().toList();
        }

        Map<String, String> outcomes = new LinkedHashMap<>();
        int caseNumber = 0;
        for (Path file : files) {
            List<String> args = importArguments(file, project, noImages, temp.resolve("case-" + caseNumber++));
            String before = dump(project);

            CliRun run = CliRun.of(args.toArray(String[]::new));

            String name = odd.relativize(file).toString();
            assertThat(run.status()).as("%s: %s", name, run.err()).isIn(0, 1);
            assertThat(run.err()).as(name).doesNotContain("Exception", "\tat ");
            if (run.status() == 0) {
                assertThat(run.out()).as(name).startsWith("imported ");
                outcomes.put(name, "imported");
            } else {
                assertThat(run.err()).as(name).startsWith("regiontag: ").endsWith("\n").contains("; ");
                assertThat(run.err().lines().count()).as(name).isEqualTo(1);
                assertThat(dump(project)).as("%s left the project unchanged", name).isEqualTo(before);
                outcomes.put(name, "rejected: " + run.err().strip());
            }
        }

        assertThat(outcomes).hasSize(files.size()).hasSizeGreaterThan(40);
        // The VOC split lists are not class lists. The CVAT label map reads as a YOLO names file
        // without images beside it. Everything else imports.
        List<String> rejected = outcomes.entrySet().stream().filter(entry -> entry.getValue().startsWith("rejected"))
                .map(Map.Entry::getKey).toList();
        assertThat(rejected).as(outcomes.toString()).containsExactly(
                "open-mmlab+mmyolo/tests/data/VOCdevkit/VOC2012/ImageSets/Main/test.txt",
                "open-mmlab+mmyolo/tests/data/VOCdevkit/VOC2012/ImageSets/Main/trainval.txt",
                "rafaelpadilla+review_object_detection_metrics/data/database/gts/imagenet_format/labelmap.txt");
        JsonNode stats = statsJson(project);
        assertThat(stats.get("damaged_images").asLong()).as("the odd encodings all decode").isZero();
    }

    /** Chooses how to import one odd input: by its kind, with its images where they are at hand. */
    private static List<String> importArguments(Path file, Path project, Path noImages, Path work)
            throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Path parent = file.getParent();
        Path images = nearbyImages(file, noImages);
        if (name.endsWith(".xml")) {
            // One XML at a time, in an Annotations folder of its own.
            Path annotations = Files.createDirectories(work.resolve("Annotations"));
            Files.copy(file, annotations.resolve(file.getFileName()));
            return List.of("import", project.toString(), "--format", "voc", "--source", annotations.toString(),
                    "--images", images.toString());
        }
        if (name.endsWith(".json")) {
            return List.of("import", project.toString(), "--format", "coco", "--source", file.toString(),
                    "--images", images.toString());
        }
        if (name.endsWith(".txt") && parent.endsWith(Path.of("ImageSets", "Main"))) {
            return List.of("import", project.toString(), "--format", "voc", "--source", parent.toString(),
                    "--images", images.toString());
        }
        if (name.endsWith(".txt") || name.endsWith(".names")) {
            return List.of("import", project.toString(), "--format", "yolo", "--source", file.toString(),
                    "--images", images.toString());
        }
        // An image: a one-row CSV that lists it.
        Path csv = Files.createDirectories(work).resolve("labels.csv");
        Files.writeString(csv, "image,odd\n\"" + file.getFileName().toString().replace("\"", "\"\"") + "\",1\n");
        return List.of("import", project.toString(), "--format", "csv", "--source", csv.toString(), "--images",
                parent.toString());
    }

    /** Returns an images or JPEGImages folder beside the file's folder or the one above, else {@code fallback}. */
    private static Path nearbyImages(Path file, Path fallback) {
        Path folder = file.getParent();
        for (Path base : new Path[] {folder, folder.getParent()}) {
            for (String name : List.of("images", "JPEGImages")) {
                if (base != null && Files.isDirectory(base.resolve(name))) {
                    return base.resolve(name);
                }
            }
        }
        return fallback;
    }

    /** Positive, negative and unknown counts per VOC class, from the XML files by the JDK's DOM parser. */
    private static Map<String, List<Long>> vocCountsFromXml(Path annotations) throws Exception {
        Map<String, long[]> counts = new TreeMap<>();
        VOC_CLASSES.forEach(name -> counts.put(name, new long[3]));
        List<Path> xmlFiles;
        try (Stream<Path> list = Files.list(annotations)) {
            xmlFiles = list.filter(file -> file.toString().endsWith(".xml")).sorted().toList();
        }
        for (Path xml : xmlFiles) {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
            NodeList objects = document.getElementsByTagName("object");
            Set<String> present = new HashSet<>();
            Set<String> anyObject = new HashSet<>();
            for (int i = 0; i < objects.getLength(); i++) {
                Element object = (Element) objects.item(i);
                String name = object.getElementsByTagName("name").item(0).getTextContent().strip();
                NodeList difficult = object.getElementsByTagName("difficult");
                boolean isDifficult = difficult.getLength() > 0 && difficult.item(0).getTextContent().strip().equals("1");
                anyObject.add(name);
                if (!isDifficult) {
                    present.add(name);
                }
            }
            for (String name : VOC_CLASSES) {
                if (present.contains(name)) {
                    counts.get(name)[0]++;
                } else if (objects.getLength() > 0 && !anyObject.contains(name)) {
                    counts.get(name)[1]++;
                } else {
                    counts.get(name)[2]++;
                }
            }
        }
        return asLists(counts);
    }

    /** Positive, negative and unknown counts per category, from a Jackson tree of the COCO file. */
    private static Map<String, List<Long>> cocoCountsFromJson(JsonNode coco) {
        Map<Long, String> nameById = new HashMap<>();
        coco.get("categories").forEach(category -> nameById.put(category.get("id").asLong(),
                category.get("name").asText()));
        Map<Long, Set<String>> presentByImage = new HashMap<>();
        coco.get("annotations").forEach(annotation -> presentByImage
                .computeIfAbsent(annotation.get("image_id").asLong(), id -> new HashSet<>())
                .add(nameById.get(annotation.get("category_id").asLong())));
        Map<String, long[]> counts = new TreeMap<>();
        nameById.values().forEach(name -> counts.put(name, new long[3]));
        for (JsonNode image : coco.get("images")) {
            Set<String> present = presentByImage.get(image.get("id").asLong());
            for (String name : nameById.values()) {
                int column = present == null ? 2 : present.contains(name) ? 0 : 1;
                counts.get(name)[column]++;
            }
        }
        return asLists(counts);
    }

    private static List<String> unannotatedImages(JsonNode coco) {
        Set<Long> annotated = new HashSet<>();
        coco.get("annotations").forEach(annotation -> annotated.add(annotation.get("image_id").asLong()));
        List<String> names = new ArrayList<>();
        coco.get("images").forEach(image -> {
            if (!annotated.contains(image.get("id").asLong())) {
                names.add(image.get("file_name").asText());
            }
        });
        return names;
    }

    private static Map<String, List<Long>> countsByCategory(JsonNode stats) {
        Map<String, List<Long>> counts = new TreeMap<>();
        for (JsonNode category : stats.get("categories")) {
            counts.put(category.get("name").asText(), List.of(category.get("positive").asLong(),
                    category.get("negative").asLong(), category.get("unknown").asLong()));
        }
        return counts;
    }

    private static Map<String, List<Long>> asLists(Map<String, long[]> counts) {
        Map<String, List<Long>> lists = new TreeMap<>();
        counts.forEach((name, values) -> lists.put(name, List.of(values[0], values[1], values[2])));
        return lists;
    }

    private Path init(String name) {
        Path project = temp.resolve(name);
        CliRun run = CliRun.of("init", project.toString());
        assertThat(run.status()).as(run.err()).isZero();
        return project;
    }

    private static JsonNode statsJson(Path project) throws IOException {
        CliRun stats = CliRun.of("stats", project.toString(), "--json");
        assertThat(stats.status()).as(stats.err()).isZero();
        return new ObjectMapper().readTree(stats.out());
    }

    /** Prints every row of every table of the project's store, so two states can be compared. */
    static String dump(Path folder) {
        try (Project project = Project.open(folder)) {
            return project.database().read(connection -> {
                List<String> tables = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery(
                                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
                StringBuilder text = new StringBuilder();
                for (String table : tables) {
                    try (Statement statement = connection.createStatement();
                            ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
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
            });
        }
    }

    /** Drops the rows of label_batch, to which every import adds one even when it changes nothing. */
    private static String withoutBatches(String dump) {
        return dump.lines().filter(line -> !line.startsWith("label_batch:")).reduce("", (a, b) -> a + b + "\n");
    }

    private static Path shared(String relative) {
        String folder = System.getProperty("regiontag.shared.dir");
        assumeTrue(folder != null, "system property regiontag.shared.dir is not set; shared-data tests skipped");
        Path path = Path.of(folder, "datasets").resolve(relative).normalize();
        assumeTrue(Files.exists(path), path + " is absent; shared-data tests skipped");
        return path;
    }
}
