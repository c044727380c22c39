package org.regiontag.db.io.coco;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.SharedDatasets;

/** The reader on the real coco128 instances file, checked against a tree read of the same JSON. */
@Tag("shared-data")
class CocoSampleTest {

    @Test
    void cocoSampleGivesImagesCategoriesAndCells() throws IOException {
        Path json = SharedDatasets.require("coco-sample/annotations/instances_train2017.json");
        Path images = SharedDatasets.require("coco-sample/coco128/images/train2017");
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        Map<String, Set<String>> categoryIdsByImage = new HashMap<>();
        for (JsonNode annotation : tree.get("annotations")) {
            categoryIdsByImage.computeIfAbsent(annotation.get("image_id").asText(), key -> new HashSet<>())
                    .add(annotation.get("category_id").asText());
        }

        ParsedDataset dataset = new CocoReader().read(json, images, null);

        assertThat(dataset.images()).hasSize(128);
        assertThat(dataset.categories()).hasSize(tree.get("categories").size()).hasSize(80);
        for (int i = 0; i < 80; i++) {
            assertThat(dataset.categories().get(i).originalId()).isEqualTo(tree.get("categories").get(i).get("id").asText());
            assertThat(dataset.categories().get(i).name()).isEqualTo(tree.get("categories").get(i).get("name").asText());
        }
        for (int i = 0; i < 128; i++) {
            JsonNode image = tree.get("images").get(i);
            DatasetImage parsed = dataset.images().get(i);
            assertThat(parsed.path()).isEqualTo(image.get("file_name").asText());
            assertThat(images.resolve(parsed.path())).isRegularFile();
            assertThat(parsed.split()).isEqualTo(Split.TRAIN);
            Set<String> present = categoryIdsByImage.getOrDefault(image.get("id").asText(), Set.of());
            if (present.isEmpty()) {
                assertThat(parsed.cells()).as("cells of %s", parsed.path()).isEmpty();
                continue;
            }
            assertThat(parsed.cells()).hasSize(80);
            for (int c = 0; c < 80; c++) {
                CellState expected = present.contains(dataset.categories().get(c).originalId())
                        ? CellState.POSITIVE : CellState.NEGATIVE;
                assertThat(parsed.cells().get(c)).as("%s of %s", dataset.categories().get(c).name(), parsed.path())
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void twoUnannotatedImagesAreAllUnknown() {
        Path json = SharedDatasets.require("coco-sample/annotations/instances_train2017.json");
        Path images = SharedDatasets.require("coco-sample/coco128/images/train2017");

        ParsedDataset dataset = new CocoReader().read(json, images, null);

        assertThat(dataset.images()).filteredOn(image -> image.cells().isEmpty()).extracting(DatasetImage::path)
                .containsExactlyInAnyOrder("000000000250.jpg", "000000000508.jpg");
        // Counts from the sample's README: 61 images with a person, 71 of the 80 classes present.
        int person = dataset.categories().stream().map(DatasetCategory::name).toList().indexOf("person");
        assertThat(dataset.images()).filteredOn(image -> image.cells().get(person) == CellState.POSITIVE).hasSize(61);
        long presentClasses = IntStream.range(0, 80)
                .filter(c -> dataset.images().stream().anyMatch(image -> image.cells().get(c) == CellState.POSITIVE))
                .count();
        assertThat(presentClasses).isEqualTo(71);
        assertThat(dataset.notes()).contains("10 iscrowd annotations count as present for their categories",
                "2 images have no annotations: all-unknown");
    }
}
