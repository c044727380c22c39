package org.regiontag.db.io.yolo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.SharedDatasets;

/**
 * The detection reader on the real coco128 YOLO labels. coco128 ships no names file, so the test
 * writes one: its README maps YOLO class k to the k-th COCO category by ascending id.
 */
@Tag("shared-data")
class YoloSampleTest {

    @TempDir
    Path temp;

    @Test
    void coco128LabelsGiveCellsOfEveryLabelledImage() throws IOException {
        Path coco128 = SharedDatasets.require("coco-sample/coco128");
        Path names = writeNamesFromCocoJson();
        Map<String, Set<Integer>> expected = classesByLabelFile(coco128.resolve("labels/train2017"));

        ParsedDataset dataset = new YoloDetectionReader().read(names, coco128.resolve("images/train2017"), null);

        assertThat(dataset.images()).hasSize(128);
        assertThat(dataset.categories()).hasSize(80);
        assertThat(dataset.categories().get(0).name()).isEqualTo("person");
        assertThat(dataset.categories().get(79).name()).isEqualTo("toothbrush");
        int labelled = 0;
        for (DatasetImage image : dataset.images()) {
            String stem = image.path().substring(0, image.path().lastIndexOf('.'));
            Set<Integer> classes = expected.get(stem);
            if (classes == null) {
                assertThat(image.cells()).as("cells of %s", image.path()).isEmpty();
                continue;
            }
            labelled++;
            assertThat(image.cells()).hasSize(80);
            for (int c = 0; c < 80; c++) {
                assertThat(image.cells().get(c)).as("class %d of %s", c, image.path())
                        .isEqualTo(classes.contains(c) ? CellState.POSITIVE : CellState.NEGATIVE);
            }
        }
        assertThat(labelled).isEqualTo(126);
        assertThat(dataset.images()).filteredOn(image -> image.cells().isEmpty()).extracting(DatasetImage::path)
                .containsExactlyInAnyOrder("000000000250.jpg", "000000000508.jpg");
        assertThat(dataset.notes()).contains("929 boxes in 126 label files", "2 images have no label file: all-unknown")
                .anyMatch(note -> note.startsWith("2 label files have no image (first: ")
                        && note.contains("000000000656.txt"));
    }

    @Test
    void imagesFolderAboveSplitFoldersGivesSplits() throws IOException {
        Path coco128 = SharedDatasets.require("coco-sample/coco128");
        Path names = writeNamesFromCocoJson();

        ParsedDataset dataset = new YoloDetectionReader().read(names, coco128.resolve("images"), Split.TRAIN);

        assertThat(dataset.images()).hasSize(128).allMatch(image -> image.split() == Split.TRAIN)
                .allMatch(image -> image.path().startsWith("train2017/"));
        assertThat(dataset.images()).filteredOn(image -> !image.cells().isEmpty()).hasSize(126);
    }

    /** Writes classes.txt with the COCO category names ordered by ascending COCO id. */
    private Path writeNamesFromCocoJson() throws IOException {
        Path json = SharedDatasets.require("coco-sample/annotations/instances_train2017.json");
        List<JsonNode> categories = new ArrayList<>();
        new ObjectMapper().readTree(json.toFile()).get("categories").forEach(categories::add);
        categories.sort(Comparator.comparingInt(category -> category.get("id").asInt()));
        StringBuilder names = new StringBuilder();
        for (JsonNode category : categories) {
            names.append(category.get("name").asText()).append('\n');
        }
        return Files.writeString(temp.resolve("classes.txt"), names);
    }

    /** Reads the class indexes of each label file, by its name without extension, with a plain split. */
    private static Map<String, Set<Integer>> classesByLabelFile(Path labels) throws IOException {
        Map<String, Set<Integer>> classes = new HashMap<>();
        try (Stream<Path> files = Files.list(labels)) {
            for (Path file : files.toList()) {
                Set<Integer> present = new HashSet<>();
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        present.add(Integer.valueOf(line.trim().split(" ")[0]));
                    }
                }
                String name = file.getFileName().toString();
                classes.put(name.substring(0, name.length() - ".txt".length()), present);
            }
        }
        return classes;
    }
}
