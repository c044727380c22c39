package org.regiontag.db.io.voc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

class VocReaderTest {

    @TempDir
    Path temp;

    private Path year;
    private Path annotations;
    private Path main;

    @BeforeEach
    void createYearFolder() throws IOException {
        year = temp.resolve("VOCdevkit/VOC2012");
        annotations = Files.createDirectories(year.resolve("Annotations"));
        main = Files.createDirectories(year.resolve("ImageSets/Main"));
        Files.createDirectories(year.resolve("JPEGImages"));
    }

    @Test
    void objectsGivePositivesAndOtherVocClassesNegatives() throws IOException {
        writeXml("2007_000001", voc("2007_000001.jpg", object("dog", 0), object("person", 0), object("dog", 0)));

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(names(dataset)).isEqualTo(VocCategories.VOC_CLASSES);
        assertThat(dataset.imageRoot()).isEqualTo(year.resolve("JPEGImages"));
        DatasetImage image = dataset.images().get(0);
        assertThat(image.path()).isEqualTo("2007_000001.jpg");
        assertThat(image.width()).isEqualTo(500);
        assertThat(image.height()).isEqualTo(375);
        assertThat(image.cells()).hasSize(20);
        assertThat(cell(dataset, image, "dog")).isEqualTo(CellState.POSITIVE);
        assertThat(cell(dataset, image, "person")).isEqualTo(CellState.POSITIVE);
        assertThat(cell(dataset, image, "cat")).isEqualTo(CellState.NEGATIVE);
        assertThat(image.cells().values()).filteredOn(state -> state == CellState.NEGATIVE).hasSize(18);
    }

    @Test
    void difficultOnlyCategoryIsUnknownByDefault() throws IOException {
        writeXml("a", voc("a.jpg", object("car", 1), object("car", 1), object("bus", 0), object("bus", 1)));

        ParsedDataset dataset = new VocReader().read(year, null, null);

        DatasetImage image = dataset.images().get(0);
        assertThat(cell(dataset, image, "car")).isNull();
        assertThat(cell(dataset, image, "bus")).isEqualTo(CellState.POSITIVE);
        assertThat(cell(dataset, image, "cat")).isEqualTo(CellState.NEGATIVE);
        assertThat(image.cells()).hasSize(19);
        assertThat(dataset.notes()).anyMatch(note -> note.startsWith("1 (image, category) pair has only difficult objects: left unknown"));
    }

    @Test
    void difficultOnlyCategoryIsPositiveWhenAsked() throws IOException {
        writeXml("a", voc("a.jpg", object("car", 1), object("bus", 0)));

        ParsedDataset dataset = new VocReader(true).read(year, null, null);

        DatasetImage image = dataset.images().get(0);
        assertThat(cell(dataset, image, "car")).isEqualTo(CellState.POSITIVE);
        assertThat(cell(dataset, image, "bus")).isEqualTo(CellState.POSITIVE);
        assertThat(image.cells()).hasSize(20);
    }

    @Test
    void xmlWithoutObjectsIsAllUnknown() throws IOException {
        writeXml("empty", voc("empty.jpg"));
        writeXml("full", voc("full.jpg", object("cat", 0)));

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("empty.jpg", "full.jpg");
        assertThat(dataset.images().get(0).cells()).isEmpty();
        assertThat(dataset.images().get(1).cells()).hasSize(20);
        assertThat(dataset.notes()).contains("1 XML file has no <object>: those images are all-unknown");
    }

    @Test
    void missingSizeGivesZeroSize() throws IOException {
        writeXml("a", """
                <annotation>
                  <filename>a.jpg</filename>
                  <object><name>cat</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>
                </annotation>
                """);

        DatasetImage image = new VocReader().read(year, null, null).images().get(0);

        assertThat(image.width()).isZero();
        assertThat(image.height()).isZero();
        assertThat(image.cells()).containsEntry(7, CellState.POSITIVE);
    }

    @Test
    void floatCoordinatesAndMissingOptionalChildrenParse() throws IOException {
        writeXml("a", """
                <annotation>
                  <folder>2007</folder>
                  <filename>a.jpg</filename>
                  <size><width>486.0</width><height></height><depth></depth></size>
                  <object><name>person</name><occluded>0</occluded>
                    <bndbox><xmin>174.5</xmin><ymin>101.0</ymin><xmax>349.0</xmax><ymax>351.0</ymax></bndbox>
                  </object>
                  <object><name>horse</name></object>
                </annotation>
                """);

        ParsedDataset dataset = new VocReader().read(year, null, null);

        DatasetImage image = dataset.images().get(0);
        assertThat(image.width()).isEqualTo(486);
        assertThat(image.height()).isZero();
        assertThat(cell(dataset, image, "person")).isEqualTo(CellState.POSITIVE);
        assertThat(cell(dataset, image, "horse")).isEqualTo(CellState.POSITIVE);
    }

    @Test
    void tagCaseAndWhitespaceAreIgnored() throws IOException {
        writeXml("a", """
                <Annotation>
                  <FileName>a.jpg</FileName>
                  <Object>
                    <NAME>
                       Dog
                    </NAME>
                    <Difficult> 0 </Difficult>
                  </Object>
                  <OBJECT><name>\tpottedplant </name></OBJECT>
                </Annotation>
                """);

        ParsedDataset dataset = new VocReader().read(year, null, null);

        DatasetImage image = dataset.images().get(0);
        assertThat(names(dataset)).isEqualTo(VocCategories.VOC_CLASSES);
        assertThat(cell(dataset, image, "dog")).isEqualTo(CellState.POSITIVE);
        assertThat(cell(dataset, image, "pottedplant")).isEqualTo(CellState.POSITIVE);
    }

    @Test
    void partNamesInsideObjectsAreNotClasses() throws IOException {
        writeXml("a", voc("a.jpg", """
                <object><name>person</name>
                  <part><name>head</name><bndbox><xmin>1</xmin></bndbox></part>
                  <part><name>hand</name></part>
                </object>
                """));

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(names(dataset)).isEqualTo(VocCategories.VOC_CLASSES);
        assertThat(cell(dataset, dataset.images().get(0), "person")).isEqualTo(CellState.POSITIVE);
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        byte[] text = voc("a.jpg", object("cat", 0)).getBytes(StandardCharsets.UTF_8);
        byte[] withMark = new byte[text.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withMark, 3, text.length);
        Files.write(annotations.resolve("a.xml"), withMark);

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(cell(dataset, dataset.images().get(0), "cat")).isEqualTo(CellState.POSITIVE);
    }

    @Test
    void declaredEncodingIsUsed() throws IOException {
        String latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                + "<annotation><filename>caf\u00e9.jpg</filename><object><name>cr\u00e8me</name></object></annotation>\n";
        Files.write(annotations.resolve("caf\u00e9.xml"), latin1.getBytes(StandardCharsets.ISO_8859_1));
        String utf16 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
                + "<annotation><filename>b.jpg</filename><object><name>\u732b</name></object></annotation>\n";
        Files.write(annotations.resolve("b.xml"), utf16.getBytes(Charset.forName("UTF-16")));

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(names(dataset)).containsExactly("cr\u00e8me", "\u732b");
        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("b.jpg", "caf\u00e9.jpg");
    }

    @Test
    void malformedXmlIsRejectedWithPathAndLine() throws IOException {
        Path xml = writeXml("bad", "<annotation>\n  <filename>bad.jpg</filename>\n  <object><name>cat</name>\n</annotation>\n");

        assertThatThrownBy(() -> new VocReader().read(year, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(xml + ":4: invalid XML: ")
                .hasMessageEndingWith("; fix or remove the file")
                .hasMessageNotContaining("\n");
    }

    @Test
    void externalEntityIsNeverRead() throws IOException {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "sheep");
        writeXml("a", "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<annotation><object><name>&xxe;</name></object></annotation>\n");

        assertThatThrownBy(() -> new VocReader().read(year, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(annotations.resolve("a.xml") + ":3: invalid XML: ")
                .hasMessageContaining("xxe");
    }

    @Test
    void objectWithoutNameIsRejected() throws IOException {
        Path xml = writeXml("a", "<annotation>\n<object>\n<difficult>0</difficult>\n</object>\n</annotation>\n");

        assertThatThrownBy(() -> new VocReader().read(year, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(xml + ":2: <object> has no <name>; add the class name or remove the object");
    }

    @Test
    void otherRootElementIsRejected() throws IOException {
        Path xml = writeXml("a", "<?xml version=\"1.0\"?>\n<svg><object/></svg>\n");

        assertThatThrownBy(() -> new VocReader().read(year, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(xml + ":2: the root element is <svg>, expected <annotation>; is this a Pascal VOC annotation file?");
    }

    @Test
    void badDifficultValueIsRejected() throws IOException {
        Path xml = writeXml("a", "<annotation>\n<object><name>cat</name>\n<difficult>maybe</difficult></object>\n</annotation>\n");

        assertThatThrownBy(() -> new VocReader().read(year, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(xml + ":3: <difficult> is 'maybe', expected 0 or 1; fix the value");
    }

    @Test
    void mismatchedFilenameUsesXmlName() throws IOException {
        writeXml("000001", voc("000002.jpg", object("train", 0)));
        writeXml("000003", voc("000003.JPG", object("train", 0)));
        writeXml("000004", voc("other.png", object("train", 0)));

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("000001.jpg", "000003.JPG", "000004.png");
        assertThat(dataset.notes()).contains("2 XML files name another image in <filename> than the XML's own name (first: "
                + annotations.resolve("000001.xml") + " says 000002.jpg, read as 000001.jpg); the XML's name was used,"
                + " as the split lists and JPEGImages do");
    }

    @Test
    void absentFilenameUsesXmlNameWithJpg() throws IOException {
        writeXml("a", "<annotation><object><name>cat</name></object></annotation>");
        writeXml("b", "<annotation><filename>  </filename><object><name>cat</name></object></annotation>");

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("a.jpg", "b.jpg");
    }

    @Test
    void splitListsAssignSplits() throws IOException {
        for (String id : List.of("a", "b", "c", "d")) {
            writeXml(id, voc(id + ".jpg", object("cat", 0)));
        }
        Files.writeString(main.resolve("train.txt"), "a\n");
        Files.writeString(main.resolve("val.txt"), "b\r\n");
        Files.writeString(main.resolve("test.txt"), "c\n\n");
        Files.writeString(main.resolve("trainval.txt"), "a\nb\n");

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(splits(dataset)).containsExactly(Map.entry("a.jpg", "train"), Map.entry("b.jpg", "val"),
                Map.entry("c.jpg", "test"), Map.entry("d.jpg", "none"));
        assertThat(dataset.notes()).contains("1 XML file is in no split list: imported without a split");
    }

    @Test
    void givenSplitSelectsItsList() throws IOException {
        for (String id : List.of("a", "b", "c")) {
            writeXml(id, voc(id + ".jpg", object("cat", 0)));
        }
        Files.writeString(main.resolve("train.txt"), "a\nc\n");
        Files.writeString(main.resolve("val.txt"), "b\n");

        ParsedDataset dataset = new VocReader().read(year, null, Split.VAL);

        assertThat(splits(dataset)).containsExactly(Map.entry("b.jpg", "val"));
    }

    @Test
    void givenSplitWithoutItsListIsRejected() throws IOException {
        writeXml("a", voc("a.jpg", object("cat", 0)));
        Files.writeString(main.resolve("trainval.txt"), "a\n");
        Files.writeString(main.resolve("test.txt"), "a\n");

        assertThatThrownBy(() -> new VocReader().read(year, null, Split.VAL))
                .isInstanceOf(UserInputException.class)
                .hasMessage(main + ": no split list for 'val' (lists found: test, trainval); choose one of those splits"
                        + " or leave out --split");
    }

    @Test
    void givenSplitWithoutListsAppliesToEveryImage() throws IOException {
        writeXml("a", voc("a.jpg", object("cat", 0)));
        writeXml("b", voc("b.jpg", object("dog", 0)));
        Files.writeString(main.resolve("default.txt"), "a\nb\n");

        ParsedDataset dataset = new VocReader().read(year, null, Split.TEST);

        assertThat(splits(dataset)).containsExactly(Map.entry("a.jpg", "test"), Map.entry("b.jpg", "test"));
    }

    @Test
    void trainvalAloneMeansTrain() throws IOException {
        writeXml("a", voc("a.jpg", object("cat", 0)));
        writeXml("b", voc("b.jpg", object("cat", 0)));
        Files.writeString(main.resolve("trainval.txt"), "a\n");
        Files.writeString(main.resolve("test.txt"), "b\n");

        ParsedDataset dataset = new VocReader().read(year, null, null);
        ParsedDataset trainOnly = new VocReader().read(year, null, Split.TRAIN);

        assertThat(splits(dataset)).containsExactly(Map.entry("a.jpg", "train"), Map.entry("b.jpg", "test"));
        assertThat(splits(trainOnly)).containsExactly(Map.entry("a.jpg", "train"));
        assertThat(dataset.notes()).contains(main.resolve("trainval.txt") + " is used as the train split because there is no train.txt");
    }

    @Test
    void trainvalWithValGivesTrainForTheRest() throws IOException {
        for (String id : List.of("a", "b")) {
            writeXml(id, voc(id + ".jpg", object("cat", 0)));
        }
        Files.writeString(main.resolve("trainval.txt"), "a\nb\n");
        Files.writeString(main.resolve("val.txt"), "b\n");

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(splits(dataset)).containsExactly(Map.entry("a.jpg", "train"), Map.entry("b.jpg", "val"));
        assertThat(dataset.notes()).noneMatch(note -> note.contains("more than one split"));
    }

    @Test
    void imageInTestAndTrainListsStaysTest() throws IOException {
        writeXml("000001", voc("000001.jpg", object("dog", 0)));
        Files.writeString(main.resolve("trainval.txt"), "000001\n");
        Files.writeString(main.resolve("test.txt"), "000001\n");

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(splits(dataset)).containsExactly(Map.entry("000001.jpg", "test"));
        assertThat(dataset.notes()).anyMatch(note -> note.startsWith("1 image is in more than one split list (first: 000001 in test and trainval)"));
    }

    @Test
    void listedImageWithoutXmlIsAllUnknown() throws IOException {
        writeXml("a", voc("a.jpg", object("cat", 0)));
        Files.writeString(main.resolve("train.txt"), "a\nz\n");

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(splits(dataset)).containsExactly(Map.entry("a.jpg", "train"), Map.entry("z.jpg", "train"));
        assertThat(dataset.images().get(1).cells()).isEmpty();
        assertThat(dataset.notes()).contains("1 image of the split lists has no XML (first: z): added as all-unknown with the path <id>.jpg");
    }

    @Test
    void otherNamesFollowVocClasses() throws IOException {
        writeXml("a", voc("a.jpg", object("Cat", 0), object("zebra", 0)));
        writeXml("b", voc("b.jpg", object("dog", 0), object("crack", 0)));

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(names(dataset)).hasSize(22).endsWith("crack", "zebra").startsWith("aeroplane");
        DatasetImage a = dataset.images().get(0);
        assertThat(cell(dataset, a, "cat")).isEqualTo(CellState.POSITIVE);
        assertThat(cell(dataset, a, "zebra")).isEqualTo(CellState.POSITIVE);
        assertThat(cell(dataset, a, "crack")).isNull();
        assertThat(cell(dataset, a, "dog")).isEqualTo(CellState.NEGATIVE);
        assertThat(dataset.notes()).anyMatch(note -> note.startsWith("2 class names are not VOC classes (crack, zebra)"));
    }

    @Test
    void customClassesAreSortedAndComplete() throws IOException {
        writeXml("000005", voc("000005.jpg", object("5", 0), object("3", 0)));
        writeXml("000006", voc("000006.jpg", object("4", 0)));

        ParsedDataset dataset = new VocReader().read(year, null, null);

        assertThat(names(dataset)).containsExactly("3", "4", "5");
        assertThat(dataset.images().get(0).cells()).containsExactlyInAnyOrderEntriesOf(
                Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE, 2, CellState.POSITIVE));
    }

    @Test
    void annotationFolderAsSourceFindsImagesBeside() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("training/annotations"));
        Path images = Files.createDirectories(temp.resolve("training/images"));
        Files.writeString(folder.resolve("1.xml"), voc("1.jpg", object("horse", 0)));

        ParsedDataset dataset = new VocReader().read(folder, null, null);

        assertThat(dataset.imageRoot()).isEqualTo(images);
        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("1.jpg");
    }

    @Test
    void missingImageFolderIsRejected() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("custom/Annotations"));
        Files.writeString(folder.resolve("1.xml"), voc("1.jpg", object("crack", 0)));

        assertThatThrownBy(() -> new VocReader().read(folder, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(temp.resolve("custom") + ": has no JPEGImages or images folder; pass --images with the folder"
                        + " that holds the images");
    }

    @Test
    void folderWithoutAnnotationsIsRejected() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));

        assertThatThrownBy(() -> new VocReader().read(empty, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(empty + ": no Annotations/*.xml and no ImageSets/Main/<class>_<split>.txt lists; point --source"
                        + " at a VOC year folder such as VOCdevkit/VOC2012");
    }

    @Test
    void classificationListsGiveStatesAndSplits() throws IOException {
        Files.writeString(main.resolve("cat_train.txt"), "2008_000001 -1\n2008_000002  1\n");
        Files.writeString(main.resolve("cat_val.txt"), "2008_000003  0\n");
        Files.writeString(main.resolve("dog_train.txt"), "2008_000001  1\n2008_000002 -1\n");
        Files.writeString(main.resolve("dog_val.txt"), "2008_000003 -1\n");
        Files.writeString(main.resolve("train.txt"), "2008_000001\n2008_000002\n");

        ParsedDataset dataset = new VocReader().read(main, null, null);
        ParsedDataset difficultPositive = new VocReader(true).read(main, null, null);

        assertThat(names(dataset)).as("only classes with a list").containsExactly("cat", "dog");
        assertThat(splits(dataset)).containsExactly(Map.entry("2008_000001.jpg", "train"),
                Map.entry("2008_000002.jpg", "train"), Map.entry("2008_000003.jpg", "val"));
        int cat = 0;
        int dog = 1;
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(cat, CellState.NEGATIVE, dog, CellState.POSITIVE));
        assertThat(dataset.images().get(1).cells()).isEqualTo(Map.of(cat, CellState.POSITIVE, dog, CellState.NEGATIVE));
        assertThat(dataset.images().get(2).cells()).isEqualTo(Map.of(dog, CellState.NEGATIVE));
        assertThat(difficultPositive.images().get(2).cells()).isEqualTo(Map.of(cat, CellState.POSITIVE, dog, CellState.NEGATIVE));
    }

    @Test
    void yearFolderWithoutXmlReadsClassificationLists() throws IOException {
        Files.writeString(main.resolve("cat_trainval.txt"), "a 1\nb -1\n");
        Files.writeString(main.resolve("cat_test.txt"), "c 1\n");

        ParsedDataset dataset = new VocReader().read(year, null, null);
        ParsedDataset testOnly = new VocReader().read(year, null, Split.TEST);

        assertThat(splits(dataset)).containsExactly(Map.entry("a.jpg", "train"), Map.entry("b.jpg", "train"),
                Map.entry("c.jpg", "test"));
        assertThat(splits(testOnly)).containsExactly(Map.entry("c.jpg", "test"));
        assertThat(dataset.notes()).contains("1 class has only a _trainval list: its images are used as the train split");
    }

    @Test
    void listedImageWithoutJpgUsesItsOtherExtension() throws IOException {
        Files.writeString(main.resolve("cat_train.txt"), "a  1\nb -1\nc  0\n");
        Files.write(year.resolve("JPEGImages/a.jpg"), new byte[] {1});
        Files.write(year.resolve("JPEGImages/b.png"), new byte[] {1});

        ParsedDataset dataset = new VocReader().read(main, null, null);

        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("a.jpg", "b.png", "c.jpg");
        assertThat(dataset.images().get(2).cells()).as("0 reads as unknown").isEmpty();
        assertThat(dataset.notes()).contains("1 image has no .jpg file but one with the same name and another image"
                + " extension, which is used");
    }

    @Test
    void classificationListBadValueIsRejected() throws IOException {
        Path list = Files.writeString(main.resolve("cat_train.txt"), "a 1\nb 2\n");

        assertThatThrownBy(() -> new VocReader().read(main, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(list + ":2: the value is 2, expected 1 (present), -1 (absent) or 0 (difficult); fix the line");
    }

    @Test
    void classificationListBadLineIsRejected() throws IOException {
        Path list = Files.writeString(main.resolve("cat_train.txt"), "a 1\nb\n");

        assertThatThrownBy(() -> new VocReader().read(main, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(list + ":2: expected '<image id> <1, -1 or 0>', found 'b'; fix the line");
    }

    private Path writeXml(String id, String text) throws IOException {
        return Files.writeString(annotations.resolve(id + ".xml"), text);
    }

    static String voc(String fileName, String... objects) {
        return "<annotation>\n\t<folder>VOC2012</folder>\n\t<filename>" + fileName + "</filename>\n"
                + "\t<size><width>500</width><height>375</height><depth>3</depth></size>\n"
                + String.join("", objects) + "</annotation>\n";
    }

    static String object(String name, int difficult) {
        return "\t<object>\n\t\t<name>" + name + "</name>\n\t\t<pose>Unspecified</pose>\n\t\t<truncated>0</truncated>\n"
                + "\t\t<difficult>" + difficult + "</difficult>\n"
                + "\t\t<bndbox><xmin>10</xmin><ymin>20</ymin><xmax>30</xmax><ymax>40</ymax></bndbox>\n\t</object>\n";
    }

    static List<String> names(ParsedDataset dataset) {
        return dataset.categories().stream().map(DatasetCategory::name).toList();
    }

    static CellState cell(ParsedDataset dataset, DatasetImage image, String category) {
        return image.cells().get(names(dataset).indexOf(category));
    }

    /** Maps each image's path to its split's name, or "none". */
    static Map<String, String> splits(ParsedDataset dataset) {
        Map<String, String> splits = new LinkedHashMap<>();
        for (DatasetImage image : dataset.images()) {
            splits.put(image.path(), image.split() == null ? "none" : image.split().storeName());
        }
        return splits;
    }
}
