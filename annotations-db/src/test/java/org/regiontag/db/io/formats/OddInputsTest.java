package org.regiontag.db.io.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.coco.CocoReader;
import org.regiontag.db.io.voc.VocReader;
import org.regiontag.db.io.yolo.YoloDetectionReader;

/** The readers on the odd real-world annotation files of the shared odd-inputs folder. */
@Tag("shared-data")
class OddInputsTest {

    private static final String RAFAEL = "rafaelpadilla+review_object_detection_metrics/";

    @TempDir
    Path temp;

    @Test
    void everyAnnotationFileParsesOrIsRejected() throws IOException {
        Path odd = SharedDatasets.require("odd-inputs");
        Path emptyImages = Files.createDirectories(temp.resolve("images"));
        Files.write(emptyImages.resolve("a.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        List<Path> files;
        try (Stream<Path> walk = Files.walk(odd)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }

        List<String> outcomes = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            try {
                ParsedDataset dataset;
                if (name.endsWith(".xml")) {
                    dataset = new VocReader().read(file.getParent(), emptyImages, null);
                } else if (name.endsWith(".json")) {
                    dataset = new CocoReader().read(file, emptyImages, null);
                } else if (name.endsWith(".txt") && file.getParent().endsWith(Path.of("ImageSets", "Main"))) {
                    dataset = new VocReader().read(file.getParent(), emptyImages, null);
                } else if (name.endsWith(".txt") || name.endsWith(".names")) {
                    dataset = new YoloDetectionReader().read(file, emptyImages, null);
                } else {
                    continue;
                }
                outcomes.add(file + ": " + dataset.images().size() + " images");
            } catch (UserInputException e) {
                assertThat(e.getMessage()).as("message for %s", file).isNotBlank().doesNotContain("\n")
                        .startsWith(odd.toString()).contains("; ");
                outcomes.add(file + ": rejected: " + e.getMessage());
            }
        }
        // 17 XML, 3 JSON and 4 text files: two VOC split lists (which are not class lists), a names
        // file and a CVAT label map (which reads as a names file).
        assertThat(outcomes).hasSize(24);
        assertThat(outcomes).filteredOn(outcome -> outcome.contains(": rejected: ")).hasSize(2)
                .allMatch(outcome -> outcome.contains("ImageSets/Main: no Annotations/*.xml and no"
                        + " ImageSets/Main/<class>_<split>.txt lists"));
    }

    @Test
    void renamedVocImageUsesTheXmlName() {
        Path voc2012 = SharedDatasets.require("odd-inputs/open-mmlab+mmyolo/tests/data/VOCdevkit/VOC2012");

        ParsedDataset dataset = new VocReader().read(voc2012, null, null);

        DatasetImage image = dataset.images().get(0);
        assertThat(dataset.images()).hasSize(1);
        assertThat(image.path()).isEqualTo("000001.jpg");
        assertThat(voc2012.resolve("JPEGImages/000001.jpg")).isRegularFile();
        assertThat(image.split()).isEqualTo(Split.TEST);
        assertThat(image.cells().get(VocReaderNames.index("train"))).isEqualTo(CellState.POSITIVE);
        assertThat(dataset.notes()).anyMatch(note -> note.startsWith("1 XML file names another image in <filename>"));
    }

    @Test
    void cvatVocExportWithFloatCoordinates() {
        Path annotations = SharedDatasets.require("odd-inputs/" + RAFAEL + "data/database/gts/imagenet_format/Annotations");

        assertThatThrownBy(() -> new VocReader().read(annotations, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageEndingWith(": has no JPEGImages or images folder; pass --images with the folder that holds the images");
        ParsedDataset dataset = new VocReader().read(annotations, temp, null);

        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("2007_000027.jpg", "2007_000032.jpg");
        assertThat(dataset.images().get(0).width()).isEqualTo(486);
        assertThat(dataset.images().get(0).cells().get(VocReaderNames.index("person"))).isEqualTo(CellState.POSITIVE);
        assertThat(dataset.images().get(1).cells().get(VocReaderNames.index("aeroplane"))).isEqualTo(CellState.POSITIVE);
    }

    @Test
    void toyExampleKeepsTheImageWithoutObjectsUnknown() {
        Path folder = SharedDatasets.require("odd-inputs/" + RAFAEL + "toyexample/gts_vocpascal_format");

        ParsedDataset dataset = new VocReader().read(folder, null, null);

        assertThat(dataset.imageRoot()).isEqualTo(folder.resolveSibling("images"));
        assertThat(dataset.images()).hasSize(10);
        assertThat(dataset.images()).filteredOn(image -> image.cells().isEmpty()).extracting(DatasetImage::path)
                .containsExactly("2007_000733.jpg");
        assertThat(dataset.images()).filteredOn(image -> !image.cells().isEmpty())
                .allMatch(image -> image.cells().get(VocReaderNames.index("cat")) == CellState.POSITIVE);
    }

    @Test
    void customVocClassesStandAlone() {
        Path crack = SharedDatasets.require("odd-inputs/deadpoppy+SSD1024/VOC2007/Annotations");
        Path digits = SharedDatasets.require("odd-inputs/dhiyu+ssd_x_pytorch/data/VOCdevkit/VOC2007/Annotations");

        ParsedDataset crackDataset = new VocReader().read(crack, temp, null);
        ParsedDataset digitDataset = new VocReader().read(digits, temp, null);

        assertThat(crackDataset.categories()).containsExactly(new DatasetCategory("crack", null));
        assertThat(crackDataset.images().get(0).path()).isEqualTo("000000.jpg");
        assertThat(digitDataset.categories()).extracting(DatasetCategory::name).containsExactly("3", "4", "5");
        assertThat(digitDataset.images().get(0).cells()).hasSize(3).doesNotContainValue(CellState.NEGATIVE);
    }

    @Test
    void darkflowAnnotationsFindTheirImages() {
        Path annotations = SharedDatasets.require("odd-inputs/thtrieu+darkflow/test/training/annotations");

        ParsedDataset dataset = new VocReader().read(annotations, null, null);

        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("1.jpg", "2.jpg");
        assertThat(dataset.images()).allSatisfy(image -> assertThat(dataset.imageRoot().resolve(image.path())).isRegularFile());
        assertThat(dataset.images().get(0).cells().get(VocReaderNames.index("bicycle"))).isEqualTo(CellState.POSITIVE);
    }

    @Test
    void toyCocoFileWithCategoryZero() {
        Path json = SharedDatasets.require("odd-inputs/" + RAFAEL + "toyexample/gts_coco_format/toy_example_coco.JSON");

        ParsedDataset dataset = new CocoReader().read(json, null, null);

        assertThat(dataset.imageRoot()).isEqualTo(json.getParent().resolveSibling("images"));
        assertThat(dataset.categories()).containsExactly(new DatasetCategory("cat", "0"));
        assertThat(dataset.images()).hasSize(10);
        assertThat(dataset.images()).filteredOn(image -> image.cells().isEmpty()).extracting(DatasetImage::path)
                .containsExactly("2007_000733.jpg");
        assertThat(dataset.images().get(0).split()).isNull();
    }

    @Test
    void cvatCocoExportAgreesWithTheVocSample() {
        Path json = SharedDatasets.require("odd-inputs/" + RAFAEL + "data/database/gts/coco_format_v1/instances_default.json");
        Path voc2012 = SharedDatasets.require("voc-sample/VOCdevkit/VOC2012");

        ParsedDataset coco = new CocoReader().read(json, voc2012.resolve("JPEGImages"), null);
        ParsedDataset voc = new VocReader(true).read(voc2012, null, null);

        assertThat(coco.images()).hasSize(100);
        assertThat(coco.categories()).hasSize(20).first().isEqualTo(new DatasetCategory("person", "1"));
        for (DatasetCategory category : coco.categories()) {
            int cocoIndex = coco.categories().indexOf(category);
            int vocIndex = VocReaderNames.index(category.name());
            assertThat(positivePaths(coco, cocoIndex)).as("images with %s", category.name())
                    .isEqualTo(positivePaths(voc, vocIndex));
        }
    }

    @Test
    void cocoVal2014SampleWithoutImages() {
        Path json = SharedDatasets.require("odd-inputs/" + RAFAEL + "tests/test_coco_eval/gts/sampled_gts_bbox_area.json");

        ParsedDataset dataset = new CocoReader().read(json, temp, null);

        assertThat(dataset.images()).hasSize(100).allMatch(image -> image.path().startsWith("COCO_val2014_"));
        assertThat(dataset.categories()).hasSize(80);
        assertThat(dataset.images()).noneMatch(image -> image.cells().isEmpty());
    }

    @Test
    void vocNamesFileReadsAsYoloNames() {
        Path names = SharedDatasets.require("odd-inputs/" + RAFAEL + "toyexample/voc.names");

        ParsedDataset dataset = new YoloDetectionReader().read(names, null, null);

        assertThat(dataset.categories()).hasSize(20);
        assertThat(dataset.images()).hasSize(12).allMatch(image -> image.cells().isEmpty());
    }

    private static List<String> positivePaths(ParsedDataset dataset, int category) {
        return dataset.images().stream().filter(image -> image.cells().get(category) == CellState.POSITIVE)
                .map(DatasetImage::path).sorted().toList();
    }

    /** Indexes into the 20 VOC classes in their standard order. */
    private static final class VocReaderNames {
        private static final List<String> CLASSES = List.of("aeroplane", "bicycle", "bird", "boat", "bottle", "bus",
                "car", "cat", "chair", "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant",
                "sheep", "sofa", "train", "tvmonitor");

        static int index(String name) {
            return CLASSES.indexOf(name);
        }
    }
}
