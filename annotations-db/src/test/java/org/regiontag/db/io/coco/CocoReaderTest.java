package org.regiontag.db.io.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;

class CocoReaderTest {

    @TempDir
    Path temp;

    private Path images;

    @BeforeEach
    void createImageFolder() throws IOException {
        images = Files.createDirectories(temp.resolve("images"));
    }

    @Test
    void categoryIdsMayBeZeroSparseOrHuge() throws IOException {
        Path file = write("""
                {"images": [{"id": 1, "file_name": "a.jpg", "width": 640, "height": 480},
                            {"id": 2, "file_name": "b.jpg", "width": 10, "height": 20}],
                 "categories": [{"id": 0, "name": "cat"}, {"id": 90, "name": "dog"},
                                {"id": 12345678901234567890123, "name": "zebra"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 12345678901234567890123, "bbox": [1, 2, 3, 4]},
                                 {"id": 2, "image_id": 2, "category_id": 0}]}
                """);

        ParsedDataset dataset = new CocoReader().read(file, images, null);

        assertThat(dataset.categories()).containsExactly(new DatasetCategory("cat", "0"), new DatasetCategory("dog", "90"),
                new DatasetCategory("zebra", "12345678901234567890123"));
        assertThat(dataset.images().get(0).cells()).isEqualTo(
                Map.of(0, CellState.NEGATIVE, 1, CellState.NEGATIVE, 2, CellState.POSITIVE));
        assertThat(dataset.images().get(1).cells()).isEqualTo(
                Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE, 2, CellState.NEGATIVE));
        assertThat(dataset.images().get(0).width()).isEqualTo(640);
        assertThat(dataset.images().get(0).height()).isEqualTo(480);
    }

    @Test
    void imageWithoutAnnotationsIsAllUnknown() throws IOException {
        Path file = write("""
                {"images": [{"id": 5, "file_name": "a.jpg"}, {"id": 6, "file_name": "b.jpg"}],
                 "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
                 "annotations": [{"id": 1, "image_id": 6, "category_id": 2}]}
                """);

        ParsedDataset dataset = new CocoReader().read(file, images, null);

        assertThat(dataset.images().get(0).cells()).isEmpty();
        assertThat(dataset.images().get(1).cells()).isEqualTo(Map.of(0, CellState.NEGATIVE, 1, CellState.POSITIVE));
        assertThat(dataset.notes()).contains("1 image has no annotations: all-unknown");
    }

    @Test
    void crowdRegionsAndOddSegmentationsCountAsPresent() throws IOException {
        Path file = write("""
                {"info": {"year": 2017}, "licenses": [{"id": 1, "name": "x"}],
                 "images": [{"id": 1, "file_name": "a.jpg", "license": 1}],
                 "categories": [{"id": 1, "name": "person", "supercategory": "person"}, {"id": 2, "name": "car"},
                                {"id": 3, "name": "bus"}, {"id": 4, "name": "tree"}],
                 "annotations": [
                   {"id": 1, "image_id": 1, "category_id": 1, "iscrowd": 1,
                    "segmentation": {"counts": [0, 5, 10], "size": [480, 640]}, "area": 12.5, "bbox": [1, 2, 3, 4]},
                   {"id": 2, "image_id": 1, "category_id": 2, "iscrowd": 0, "segmentation": []},
                   {"id": 3, "image_id": 1, "category_id": 3, "segmentation": {"counts": "abc", "size": [1, 1]},
                    "attributes": {"occluded": false}},
                   {"id": {"odd": [4]}, "image_id": 1, "category_id": 3, "iscrowd": false}]}
                """);

        ParsedDataset dataset = new CocoReader().read(file, images, null);

        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE, 1, CellState.POSITIVE,
                2, CellState.POSITIVE, 3, CellState.NEGATIVE));
        assertThat(dataset.notes()).contains("1 iscrowd annotation counts as present for its category");
    }

    @Test
    void fileNamesPassThroughAsWritten() throws IOException {
        Path file = write("""
                {"images": [{"id": 1, "file_name": "sub\\\\dir\\\\a b.jpg"}, {"id": 2, "file_name": "../x/\u00e9t\u00e9.jpg"},
                            {"id": 3, "file_name": "  spaced name.JPG"}],
                 "categories": [{"id": 1, "name": " cat "}], "annotations": []}
                """);

        ParsedDataset dataset = new CocoReader().read(file, images, null);

        assertThat(dataset.images()).extracting(DatasetImage::path)
                .containsExactly("sub\\dir\\a b.jpg", "../x/\u00e9t\u00e9.jpg", "  spaced name.JPG");
        assertThat(dataset.categories()).containsExactly(new DatasetCategory("cat", "1"));
    }

    @Test
    void duplicateImageIdsAreRejectedWithTheClashes() throws IOException {
        StringBuilder imagesJson = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            imagesJson.append(i == 0 ? "" : ",\n").append("{\"id\": ").append(i < 10 ? i : i - 10)
                    .append(", \"file_name\": \"").append(i).append(".jpg\"}");
        }
        Path file = write("{\"images\": [\n" + imagesJson + "],\n\"categories\": [], \"annotations\": []}");

        assertThatThrownBy(() -> new CocoReader().read(file, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ":12:8: images[10].id: duplicate image ids 0, 1, 2, 3, 4 (10 ids appear more than"
                        + " once); give every image its own id");
    }

    @Test
    void duplicateCategoryIdsAreRejected() throws IOException {
        Path file = write("""
                {"images": [], "categories": [{"id": 3, "name": "cat"},
                {"id": 3, "name": "dog"}]}
                """);

        assertThatThrownBy(() -> new CocoReader().read(file, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ":2:8: categories[1].id: duplicate category ids 3 (1 id appears more than once);"
                        + " give every category its own id");
    }

    @Test
    void duplicateCategoryNamesAreRejected() throws IOException {
        Path file = write("""
                {"images": [], "categories": [{"id": 3, "name": "cat"}, {"id": 4, "name": "cat"}]}
                """);

        assertThatThrownBy(() -> new CocoReader().read(file, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(file + ":1:")
                .hasMessageEndingWith(": categories[1]: category name 'cat' is used by ids 3 and 4; give each category"
                        + " its own name");
    }

    @Test
    void annotationOfUnknownImageIsRejected() throws IOException {
        Path file = write("""
                {"images": [{"id": 1, "file_name": "a.jpg"}], "categories": [{"id": 1, "name": "cat"}],
                 "annotations": [{"id": 10, "image_id": 1, "category_id": 1},
                                 {"id": 11, "image_id": 99, "category_id": 1}]}
                """);

        assertThatThrownBy(() -> new CocoReader().read(file, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(file + ":3:")
                .hasMessageEndingWith(": annotations[1] (id 11) refers to image_id 99, which is not in \"images\";"
                        + " fix the id or add the image");
    }

    @Test
    void annotationOfUnknownCategoryIsRejected() throws IOException {
        Path file = write("""
                {"images": [{"id": 1, "file_name": "a.jpg"}], "categories": [{"id": 1, "name": "cat"}],
                 "annotations": [{"id": 10, "image_id": 1, "category_id": 7}]}
                """);

        assertThatThrownBy(() -> new CocoReader().read(file, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageEndingWith(": annotations[0] (id 10) refers to category_id 7, which is not in \"categories\";"
                        + " fix the id or add the category");
    }

    @Test
    void annotationsMayComeBeforeImagesAndCategories() throws IOException {
        Path file = write("""
                {"annotations": [{"id": 1, "image_id": "b", "category_id": 2}],
                 "images": [{"id": "a", "file_name": "a.jpg"}, {"id": "b", "file_name": "b.jpg"}],
                 "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}]}
                """);
        Path unknown = write("bad.json", """
                {"annotations": [{"id": 1, "image_id": "c", "category_id": 2}],
                 "images": [{"id": "a", "file_name": "a.jpg"}], "categories": [{"id": 2, "name": "dog"}]}
                """);

        ParsedDataset dataset = new CocoReader().read(file, images, null);

        assertThat(dataset.images().get(0).cells()).isEmpty();
        assertThat(dataset.images().get(1).cells()).isEqualTo(Map.of(0, CellState.NEGATIVE, 1, CellState.POSITIVE));
        assertThatThrownBy(() -> new CocoReader().read(unknown, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(unknown + ":1:62: annotations[0] (id 1) refers to image_id c, which is not in \"images\"; fix the id"
                        + " or add the image");
    }

    @Test
    void imageLabelsGiveKnownCellsOnly() throws IOException {
        Path file = write("""
                {"images": [{"id": 1, "file_name": "a.jpg"}, {"id": 2, "file_name": "b.jpg"},
                            {"id": 3, "file_name": "c.jpg"}],
                 "annotations": [],
                 "categories": [{"id": 5, "name": "cat"}, {"id": 7, "name": "dog"}, {"id": 9, "name": "bird"}],
                 "image_labels": [
                   {"image_id": 1, "category_id": 5, "state": "positive"},
                   {"image_id": 1, "category_id": 9, "state": "negative", "source": "annotator", "actor": "ana",
                    "time": "2024-05-01T10:00:00.000Z"},
                   {"image_id": 2, "category_id": 7, "state": "negative"},
                   {"image_id": 2, "category_id": 7, "state": "negative"},
                   {"image_id": 2, "category_id": 9, "state": "unknown"}]}
                """);

        ParsedDataset dataset = new CocoReader().read(file, images, null);

        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE, 2, CellState.NEGATIVE));
        assertThat(dataset.images().get(1).cells()).isEqualTo(Map.of(1, CellState.NEGATIVE));
        assertThat(dataset.images().get(2).cells()).isEmpty();
        assertThat(dataset.notes()).anyMatch(note -> note.startsWith("the extension field image_labels"));
    }

    @Test
    void imageLabelsMayComeFirstAndAddToAnnotations() throws IOException {
        Path file = write("""
                {"image_labels": [{"image_id": "b", "category_id": 1, "state": "negative"}],
                 "annotations": [{"id": 1, "image_id": "b", "category_id": 2}],
                 "images": [{"id": "a", "file_name": "a.jpg"}, {"id": "b", "file_name": "b.jpg"}],
                 "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}, {"id": 3, "name": "cow"}]}
                """);

        ParsedDataset dataset = new CocoReader().read(file, images, null);

        assertThat(dataset.images().get(0).cells()).isEmpty();
        assertThat(dataset.images().get(1).cells()).as("cow is listed nowhere, so it stays unknown")
                .isEqualTo(Map.of(0, CellState.NEGATIVE, 1, CellState.POSITIVE));
    }

    @Test
    void contradictoryImageLabelsAreRejected() throws IOException {
        Path twice = write("twice.json", """
                {"images": [{"id": 1, "file_name": "a.jpg"}], "categories": [{"id": 4, "name": "cat"}],
                 "image_labels": [{"image_id": 1, "category_id": 4, "state": "positive"},
                                  {"image_id": 1, "category_id": 4, "state": "negative"}]}
                """);
        Path annotated = write("annotated.json", """
                {"images": [{"id": 1, "file_name": "a.jpg"}], "categories": [{"id": 4, "name": "cat"}],
                 "annotations": [{"id": 8, "image_id": 1, "category_id": 4}],
                 "image_labels": [{"image_id": 1, "category_id": 4, "state": "negative"}]}
                """);

        assertThatThrownBy(() -> new CocoReader().read(twice, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(twice + ": image_labels[1] makes category 'cat' of image 1 both positive and negative;"
                        + " keep one state per cell");
        assertThatThrownBy(() -> new CocoReader().read(annotated, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(annotated + ": image_labels[0] makes category 'cat' of image 1 negative, but the image"
                        + " has an annotation of it; remove the entry or the annotation");
    }

    @Test
    void invalidImageLabelsAreRejected() throws IOException {
        Path badState = write("state.json", """
                {"images": [{"id": 1, "file_name": "a.jpg"}], "categories": [{"id": 4, "name": "cat"}],
                 "image_labels": [{"image_id": 1, "category_id": 4, "state": "maybe"}]}
                """);
        Path unknownImage = write("image.json", """
                {"images": [{"id": 1, "file_name": "a.jpg"}], "categories": [{"id": 4, "name": "cat"}],
                 "image_labels": [{"image_id": 1, "category_id": 4, "state": "positive"},
                                  {"image_id": 2, "category_id": 4, "state": "positive"}]}
                """);
        Path noCategory = write("category.json", """
                {"images": [{"id": 1, "file_name": "a.jpg"}], "categories": [{"id": 4, "name": "cat"}],
                 "image_labels": [{"image_id": 1, "state": "positive"}]}
                """);

        assertThatThrownBy(() -> new CocoReader().read(badState, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(badState + ":2:")
                .hasMessageEndingWith(": image_labels[0]: invalid state 'maybe'; use positive, negative or unknown");
        assertThatThrownBy(() -> new CocoReader().read(unknownImage, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(unknownImage + ":3:")
                .hasMessageEndingWith(": image_labels[1] refers to image_id 2, which is not in \"images\"; fix the id"
                        + " or add the image");
        assertThatThrownBy(() -> new CocoReader().read(noCategory, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageEndingWith(": image_labels[0]: the entry has no category_id; add the id of its category");
    }

    @Test
    void invalidJsonIsRejectedWithLocationAndPath() throws IOException {
        Path file = write("""
                {"images": [{"id": 1, "file_name": "a.jpg"},
                            {"id": 2, "file_name": "b.jpg" "width": 3}],
                 "categories": []}
                """);

        assertThatThrownBy(() -> new CocoReader().read(file, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(file + ":2:44: invalid JSON at images[1].file_name: Unexpected character ('\"'")
                .hasMessageEndingWith("; fix the file")
                .hasMessageNotContaining("\n");
    }

    @Test
    void truncatedJsonIsRejected() throws IOException {
        Path file = write("{\"images\": [{\"id\": 1, \"file_na");

        assertThatThrownBy(() -> new CocoReader().read(file, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(file + ":1:")
                .hasMessageContaining("invalid JSON at images[0]");
    }

    @Test
    void decimalIdIsRejectedWithFieldPath() throws IOException {
        Path file = write("""
                {"images": [{"id": 1, "file_name": "a.jpg"},
                  {"id": 1.5, "file_name": "b.jpg"}], "categories": []}
                """);

        assertThatThrownBy(() -> new CocoReader().read(file, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ":2:10: images[1].id: expected an integer or string id, found a decimal number; fix the id");
    }

    @Test
    void imageWithoutFileNameIsRejected() throws IOException {
        Path file = write("""
                {"images": [{"id": 7, "width": 3}], "categories": []}
                """);

        assertThatThrownBy(() -> new CocoReader().read(file, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ":1:33: images[0]: image 7 has no file_name; add the image's path");
    }

    @Test
    void fileWithoutImagesIsRejected() throws IOException {
        Path file = write("""
                {"categories": [{"id": 1, "name": "cat"}], "annotations": []}
                """);
        Path list = write("list.json", "[1, 2]");

        assertThatThrownBy(() -> new CocoReader().read(file, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ": has no \"images\" array; is this a COCO instances file?");
        assertThatThrownBy(() -> new CocoReader().read(list, images, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(list + ":1:1: the file is not a JSON object; is this a COCO instances file?");
    }

    @Test
    void fileWithoutAnnotationsArrayLeavesImagesUnknown() throws IOException {
        Path file = write("""
                {"images": [{"id": 1, "file_name": "a.jpg"}], "categories": [{"id": 1, "name": "cat"}]}
                """);

        ParsedDataset dataset = new CocoReader().read(file, images, null);

        assertThat(dataset.images().get(0).cells()).isEmpty();
        assertThat(dataset.notes()).contains("the file has no \"annotations\" array: every image is all-unknown");
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        byte[] json = "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\"}], \"categories\": []}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] withMark = new byte[json.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withMark, 3, json.length);
        Path file = Files.write(temp.resolve("bom.json"), withMark);

        assertThat(new CocoReader().read(file, images, null).images()).hasSize(1);
    }

    @Test
    void imagesFolderAndSplitFromFileName() throws IOException {
        Path annotations = Files.createDirectories(temp.resolve("coco/annotations"));
        Path val2017 = Files.createDirectories(temp.resolve("coco/val2017"));
        Path file = Files.writeString(annotations.resolve("instances_val2017.json"),
                "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\"}], \"categories\": []}");

        ParsedDataset dataset = new CocoReader().read(file, null, null);
        ParsedDataset asTest = new CocoReader().read(file, null, Split.TEST);

        assertThat(dataset.imageRoot()).isEqualTo(val2017);
        assertThat(dataset.images().get(0).split()).isEqualTo(Split.VAL);
        assertThat(asTest.images().get(0).split()).isEqualTo(Split.TEST);
    }

    @Test
    void ultralyticsImagesFolderIsFound() throws IOException {
        Path annotations = Files.createDirectories(temp.resolve("coco/annotations"));
        Path train = Files.createDirectories(temp.resolve("coco/images/train2017"));
        Path file = Files.writeString(annotations.resolve("instances_train2017.json"),
                "{\"images\": [], \"categories\": []}");

        ParsedDataset dataset = new CocoReader().read(file, null, null);

        assertThat(dataset.imageRoot()).isEqualTo(train);
    }

    @Test
    void missingImagesFolderIsRejected() throws IOException {
        Path annotations = Files.createDirectories(temp.resolve("coco/annotations"));
        Path file = Files.writeString(annotations.resolve("instances_train2017.json"), "{}");
        Path coco = temp.resolve("coco");

        assertThatThrownBy(() -> new CocoReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ": no images folder found (looked for " + String.join(", ", List.of(
                        coco.resolve("train2017").toString(), annotations.resolve("train2017").toString(),
                        coco.resolve("images/train2017").toString(), coco.resolve("images").toString(),
                        annotations.resolve("images").toString()))
                        + "); pass --images with the folder that holds the images");
    }

    private Path write(String json) throws IOException {
        return write("instances.json", json);
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(temp.resolve(name), json);
    }
}
