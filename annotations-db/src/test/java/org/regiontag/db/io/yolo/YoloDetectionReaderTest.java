package org.regiontag.db.io.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;

class YoloDetectionReaderTest {

    @TempDir
    Path temp;

    @Test
    void boxesGivePositivesAndOtherClassesNegatives() throws IOException {
        Files.writeString(temp.resolve("classes.txt"), "person\ntraffic light\n  dining table  \n\n");
        image("images/train2017/a.jpg");
        label("labels/train2017/a.txt", "1 0.5 0.5 0.2 0.2\n1 0.1 0.1 0.1 0.1\n2 0.3 0.3 0.1 0.1 0.4 0.4\n");

        ParsedDataset dataset = new YoloReader().read(temp, null, null);

        assertThat(dataset.categories()).containsExactly(new DatasetCategory("person", "0"),
                new DatasetCategory("traffic light", "1"), new DatasetCategory("dining table", "2"));
        assertThat(dataset.imageRoot()).isEqualTo(temp.resolve("images"));
        DatasetImage image = dataset.images().get(0);
        assertThat(image.path()).isEqualTo("train2017/a.jpg");
        assertThat(image.split()).isEqualTo(Split.TRAIN);
        assertThat(image.cells()).isEqualTo(Map.of(0, CellState.NEGATIVE, 1, CellState.POSITIVE, 2, CellState.POSITIVE));
    }

    @Test
    void emptyLabelFileMeansNoObjects() throws IOException {
        Files.writeString(temp.resolve("classes.txt"), "cat\ndog\n");
        image("images/a.jpg");
        label("labels/a.txt", "\n  \n");

        ParsedDataset dataset = new YoloReader().read(temp, null, null);

        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.NEGATIVE, 1, CellState.NEGATIVE));
        assertThat(dataset.notes()).contains("1 label file is empty: those images are negative for every class");
    }

    @Test
    void imageWithoutLabelFileIsAllUnknown() throws IOException {
        Files.writeString(temp.resolve("classes.txt"), "cat\ndog\n");
        image("images/a.jpg");
        image("images/b.png");
        label("labels/b.txt", "0 0.5 0.5 0.1 0.1\n");
        label("labels/orphan.txt", "1 0.5 0.5 0.1 0.1\n");

        ParsedDataset dataset = new YoloReader().read(temp, null, null);

        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("a.jpg", "b.png");
        assertThat(dataset.images().get(0).cells()).isEmpty();
        assertThat(dataset.images().get(1).cells()).isEqualTo(Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE));
        assertThat(dataset.notes()).contains("1 image has no label file: all-unknown",
                "1 label file has no image (first: " + temp.resolve("labels/orphan.txt") + "): ignored");
    }

    @Test
    void classIndexOutOfRangeIsRejected() throws IOException {
        Path names = Files.writeString(temp.resolve("obj.names"), "cat\ndog\n");
        image("images/a.jpg");
        Path label = label("labels/a.txt", "0 0.5 0.5 0.1 0.1\n2 0.5 0.5 0.1 0.1\n");

        assertThatThrownBy(() -> new YoloReader().read(temp, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(label + ":2: class index 2 is out of range: " + names + " lists 2 classes (0 to 1); fix the"
                        + " index or add the class to the names");
    }

    @Test
    void negativeClassIndexIsRejected() throws IOException {
        Files.writeString(temp.resolve("obj.names"), "cat\n");
        image("images/a.jpg");
        Path label = label("labels/a.txt", "-1 0.5 0.5 0.1 0.1\n");

        assertThatThrownBy(() -> new YoloReader().read(temp, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(label + ":1: class index -1 is out of range");
    }

    @Test
    void malformedLinesAreRejectedWithFileAndLine() throws IOException {
        Files.writeString(temp.resolve("classes.txt"), "cat\n");
        image("images/a.jpg");
        image("images/b.jpg");
        image("images/c.jpg");
        Path shortLine = label("labels/a.txt", "0 0.5 0.5\n");
        label("labels/b.txt", "0 0.5 0.5 0.1 0.1\n");
        label("labels/c.txt", "cat 0.5 0.5 0.1 0.1\n");

        assertThatThrownBy(() -> new YoloReader().read(temp, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(shortLine + ":1: expected 'class cx cy w h', found '0 0.5 0.5'; fix the line");
        Files.writeString(shortLine, "0 0.5 0.5 0.1 x\n");
        assertThatThrownBy(() -> new YoloReader().read(temp, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(shortLine + ":1: field 5 is 'x', not a number; fix the line");
        Files.writeString(shortLine, "");
        assertThatThrownBy(() -> new YoloReader().read(temp, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(temp.resolve("labels/c.txt") + ":1: the class index 'cat' is not an integer; fix the line");
    }

    @Test
    void crlfLinesAndDecimalClassIndexesParse() throws IOException {
        Files.writeString(temp.resolve("classes.txt"), "cat\r\ndog\r\n");
        image("images/a.jpg");
        label("labels/a.txt", "1.0 0.5 0.5 0.1 0.1\r\n\r\n");

        ParsedDataset dataset = new YoloReader().read(temp, null, null);

        assertThat(dataset.categories()).extracting(DatasetCategory::name).containsExactly("cat", "dog");
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.NEGATIVE, 1, CellState.POSITIVE));
    }

    @Test
    void labelsBesideImagesWithoutImagesFolder() throws IOException {
        Files.writeString(temp.resolve("obj.names"), "cat\ndog\n");
        image("obj/a.jpg");
        label("obj/a.txt", "0 0.5 0.5 0.1 0.1\n");

        ParsedDataset dataset = new YoloReader().read(temp.resolve("obj.names"), null, null);

        assertThat(dataset.imageRoot()).isEqualTo(temp);
        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("obj/a.jpg");
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE));
        assertThat(dataset.notes()).noneMatch(note -> note.contains("no image"));
    }

    @Test
    void imagesFolderOptionFindsLabelsFolder() throws IOException {
        Path names = Files.writeString(temp.resolve("classes.txt"), "cat\ndog\n");
        image("data/images/train2017/a.jpg");
        label("data/labels/train2017/a.txt", "1 0.5 0.5 0.1 0.1\n");

        ParsedDataset dataset = new YoloDetectionReader().read(names, temp.resolve("data/images/train2017"), null);

        assertThat(dataset.imageRoot()).isEqualTo(temp.resolve("data/images/train2017"));
        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("a.jpg");
        assertThat(dataset.images().get(0).split()).isNull();
        assertThat(dataset.images().get(0).cells()).containsEntry(1, CellState.POSITIVE);
    }

    @Test
    void givenSplitSelectsItsFolder() throws IOException {
        Files.writeString(temp.resolve("classes.txt"), "cat\n");
        image("images/train/a.jpg");
        image("images/val/b.jpg");
        image("images/valid/c.jpg");
        image("flat/images/d.jpg");

        ParsedDataset val = new YoloReader().read(temp, null, Split.VAL);
        ParsedDataset all = new YoloDetectionReader().read(temp.resolve("classes.txt"), temp.resolve("flat"), Split.TEST);

        assertThat(splits(val)).containsExactly(Map.entry("val/b.jpg", "val"), Map.entry("valid/c.jpg", "val"));
        assertThat(splits(all)).containsExactly(Map.entry("images/d.jpg", "test"));
        assertThatThrownBy(() -> new YoloReader().read(temp, null, Split.TEST))
                .isInstanceOf(UserInputException.class)
                .hasMessage(temp.resolve("images") + ": no images in a folder of split 'test'; choose a split that has a"
                        + " folder or leave out --split");
    }

    @Test
    void dataYamlWithNamesMapAndSplitEntries() throws IOException {
        Files.writeString(temp.resolve("data.yaml"), """
                # Ultralytics style
                path: .
                train: images/train2017
                val: [images/val2017, lists/extra.txt]
                nc: 3
                names:
                  0: person
                  2: 'no'
                  1: "traffic light"
                download: |
                  from pathlib import Path
                  print("not run")
                """);
        image("images/train2017/a.jpg");
        image("images/val2017/b.jpg");
        image("other/c.jpg");
        Files.createDirectories(temp.resolve("lists"));
        Files.writeString(temp.resolve("lists/extra.txt"), "../other/c.jpg\n\n");
        label("labels/train2017/a.txt", "2 0.5 0.5 0.1 0.1\n");

        ParsedDataset dataset = new YoloReader().read(temp, null, null);

        assertThat(dataset.categories()).extracting(DatasetCategory::name).containsExactly("person", "traffic light", "no");
        assertThat(dataset.imageRoot()).isEqualTo(temp);
        assertThat(splits(dataset)).containsExactly(Map.entry("images/train2017/a.jpg", "train"),
                Map.entry("images/val2017/b.jpg", "val"), Map.entry("other/c.jpg", "val"));
        assertThat(dataset.images().get(0).cells()).isEqualTo(
                Map.of(0, CellState.NEGATIVE, 1, CellState.NEGATIVE, 2, CellState.POSITIVE));
        assertThat(dataset.images().get(2).cells()).isEmpty();
    }

    @Test
    void roboflowEntriesOutsideTheRootAreFoundInside() throws IOException {
        Files.writeString(temp.resolve("data.yaml"), "train: ../train/images\nval: ../valid/images\nnc: 1\nnames: ['cat']\n");
        image("train/images/a.jpg");
        image("valid/images/b.jpg");
        label("train/labels/a.txt", "0 0.5 0.5 0.1 0.1\n");

        ParsedDataset dataset = new YoloReader().read(temp, null, null);

        assertThat(splits(dataset)).containsExactly(Map.entry("train/images/a.jpg", "train"),
                Map.entry("valid/images/b.jpg", "val"));
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE));
        assertThat(dataset.images().get(1).cells()).isEmpty();
    }

    @Test
    void dataYamlPathNotFoundFallsBackToItsFolder() throws IOException {
        Files.writeString(temp.resolve("coco128.yaml"), "path: ../datasets/coco128\ntrain: images/train2017\nnames: [cat]\n");
        image("images/train2017/a.jpg");

        ParsedDataset dataset = new YoloReader().read(temp, null, null);

        assertThat(dataset.imageRoot()).isEqualTo(temp);
        assertThat(splits(dataset)).containsExactly(Map.entry("images/train2017/a.jpg", "train"));
        assertThat(dataset.notes()).contains("path: ../datasets/coco128 is not a folder relative to " + temp
                + ", so that folder is the dataset root");
    }

    @Test
    void dataYamlNamesAsListOrMap() throws IOException {
        Path list = Files.writeString(temp.resolve("list.yaml"), "names: [person, 'dining table', \"on\"]\n");
        Path map = Files.writeString(temp.resolve("map.yaml"), "names: {0: person, 1: dining table}\n");
        Path block = Files.writeString(temp.resolve("block.yml"), "names:\n  - person\n  - dining table # a comment\n");

        assertThat(YoloNames.read(list).names()).containsExactly("person", "dining table", "on");
        assertThat(YoloNames.read(map).names()).containsExactly("person", "dining table");
        assertThat(YoloNames.read(block).names()).containsExactly("person", "dining table");
    }

    @Test
    void dataYamlErrorsAreRejected() throws IOException {
        Path count = Files.writeString(temp.resolve("count.yaml"), "nc: 3\nnames: [a, b]\n");
        Path gap = Files.writeString(temp.resolve("gap.yaml"), "names:\n  0: a\n  2: c\n");
        Path none = Files.writeString(temp.resolve("none.yaml"), "train: images\n");
        Path invalid = Files.writeString(temp.resolve("invalid.yaml"), "names: [a, b\ntrain: x\n");
        Path duplicate = Files.writeString(temp.resolve("duplicate.yaml"), "names: [a, b, a]\n");

        assertThatThrownBy(() -> YoloNames.read(count)).isInstanceOf(UserInputException.class)
                .hasMessage(count + ": nc: is 3 but names: lists 2 classes; make them agree");
        assertThatThrownBy(() -> YoloNames.read(gap)).isInstanceOf(UserInputException.class)
                .hasMessage(gap + ": names: has no class 1 (the indexes must run from 0 to 1 without gaps); add the class");
        assertThatThrownBy(() -> YoloNames.read(none)).isInstanceOf(UserInputException.class)
                .hasMessage(none + ": has no names: list or map; add the class names, such as names: [person, bicycle]"
                        + " or names: {0: person, 1: bicycle}");
        assertThatThrownBy(() -> YoloNames.read(invalid)).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(invalid + ":2: invalid YAML: ").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> YoloNames.read(duplicate)).isInstanceOf(UserInputException.class)
                .hasMessage(duplicate + ": names: class 2 is 'a' like class 0; give each class its own name");
    }

    @Test
    void namesFileErrorsAreRejectedWithLine() throws IOException {
        Path blank = Files.writeString(temp.resolve("blank.names"), "cat\n\ndog\n");
        Path duplicate = Files.writeString(temp.resolve("duplicate.txt"), "cat\ndog\n cat \n");
        Path empty = Files.writeString(temp.resolve("empty.txt"), "\n\n");

        assertThatThrownBy(() -> YoloNames.read(blank)).isInstanceOf(UserInputException.class)
                .hasMessage(blank + ":2: empty class name; class indexes follow the lines, so name the class or remove the line");
        assertThatThrownBy(() -> YoloNames.read(duplicate)).isInstanceOf(UserInputException.class)
                .hasMessage(duplicate + ":3: class name 'cat' is also on line 1; give each class its own name");
        assertThatThrownBy(() -> YoloNames.read(empty)).isInstanceOf(UserInputException.class)
                .hasMessage(empty + ": lists no class names; write one class name per line");
    }

    @Test
    void labelsWithoutNamesFileAreRejected() throws IOException {
        image("images/a.jpg");
        label("labels/a.txt", "0 0.5 0.5 0.1 0.1\n");

        assertThatThrownBy(() -> new YoloReader().read(temp, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(temp + ": no names file (" + String.join(", ", YoloNames.NAMES_FILES) + "); add one with a"
                        + " class name per line or point --source at it");
    }

    @Test
    void labelFolderReplacesTheLastImagesFolder() {
        assertThat(YoloDetectionReader.labelFileOf(Path.of("/d/images/x/images/train/a.b.jpg")))
                .isEqualTo(Path.of("/d/images/x/labels/train/a.b.txt"));
        assertThat(YoloDetectionReader.labelFileOf(Path.of("/d/obj/a.jpg"))).isEqualTo(Path.of("/d/obj/a.txt"));
    }

    private Path image(String relative) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xD8});
    }

    private Path label(String relative, String text) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** Maps each image's path to its split's name, or "none". */
    static Map<String, String> splits(ParsedDataset dataset) {
        Map<String, String> splits = new LinkedHashMap<>();
        for (DatasetImage image : dataset.images()) {
            splits.put(image.path(), image.split() == null ? "none" : image.split().storeName());
        }
        return splits;
    }

    static List<String> names(ParsedDataset dataset) {
        return dataset.categories().stream().map(DatasetCategory::name).toList();
    }
}
