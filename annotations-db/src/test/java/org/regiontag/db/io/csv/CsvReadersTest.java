package org.regiontag.db.io.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.formats.DatasetReaders;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;

class CsvReadersTest {

    @TempDir
    Path temp;

    @Test
    void wideLayoutReadsEveryValueForm() throws Exception {
        Path file = write("labels.csv", "image,cat,dog,bird\n"
                + "a.jpg,1,-1,0\n"
                + "b.jpg,,positive,NEGATIVE\n"
                + "c.jpg,+1,unknown,\n");

        ParsedDataset dataset = new CsvWideReader().read(file, null, Split.VAL);

        assertThat(dataset.format()).isEqualTo("csv");
        assertThat(dataset.imageRoot()).isEqualTo(temp.toAbsolutePath());
        assertThat(dataset.categories()).extracting(DatasetCategory::name).containsExactly("cat", "dog", "bird");
        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("a.jpg", "b.jpg", "c.jpg");
        assertThat(dataset.images()).extracting(DatasetImage::split).containsOnly(Split.VAL);
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE));
        assertThat(dataset.images().get(1).cells()).isEqualTo(Map.of(1, CellState.POSITIVE, 2, CellState.NEGATIVE));
        assertThat(dataset.images().get(2).cells()).isEqualTo(Map.of(0, CellState.POSITIVE));
    }

    @Test
    void imagesFolderOverridesTheDefaultRoot() throws Exception {
        Path file = write("labels.csv", "image,cat\na.jpg,1\n");

        ParsedDataset dataset = new CsvWideReader().read(file, temp.resolve("pictures"), null);

        assertThat(dataset.imageRoot()).isEqualTo(temp.resolve("pictures"));
        assertThat(dataset.images().get(0).split()).isNull();
    }

    @Test
    void bomCrlfQuotesAndBlankLinesAreRead() throws Exception {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] text = ("image,\"dining table\",\"cat, domestic\"\r\n"
                + "\r\n"
                + "\"photos/a, b.jpg\",1,-1\r\n"
                + "\"ünï \"\"cödé\"\".jpg\",0,1\r\n"
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        Path file = temp.resolve("excel.csv");
        Files.write(file, concat(bom, text));

        ParsedDataset dataset = new CsvWideReader().read(file, null, null);

        assertThat(dataset.categories()).extracting(DatasetCategory::name)
                .containsExactly("dining table", "cat, domestic");
        assertThat(dataset.images()).extracting(DatasetImage::path)
                .containsExactly("photos/a, b.jpg", "ünï \"cödé\".jpg");
        assertThat(dataset.images().get(1).cells()).isEqualTo(Map.of(1, CellState.POSITIVE));
    }

    @Test
    void semicolonSeparatedFileIsRead() throws Exception {
        Path file = write("european.csv", "image;cat;dog\na.jpg;1;-1\n");

        ParsedDataset dataset = new CsvWideReader().read(file, null, null);

        assertThat(dataset.categories()).extracting(DatasetCategory::name).containsExactly("cat", "dog");
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE));
    }

    @Test
    void wideProvenanceColumnsAreSkipped() throws Exception {
        Path file = write("export.csv", "image,cat,cat@source,cat@actor,cat@time\n"
                + "a.jpg,1,annotator,ana,2024-05-01T10:00:00.000Z\n");

        ParsedDataset dataset = new CsvWideReader().read(file, null, null);

        assertThat(dataset.categories()).extracting(DatasetCategory::name).containsExactly("cat");
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE));
        assertThat(dataset.notes()).hasSize(1);
    }

    @Test
    void repeatedImageRowsMerge() throws Exception {
        Path file = write("labels.csv", "image,cat,dog\na.jpg,1,\na.jpg,,-1\n");

        ParsedDataset dataset = new CsvWideReader().read(file, null, null);

        assertThat(dataset.images()).hasSize(1);
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE));
    }

    @Test
    void invalidWideValueNamesItsPlace() throws Exception {
        Path file = write("labels.csv", "image,cat,dog\na.jpg,1,-1\nb.jpg,1,yes\n");

        assertThatThrownBy(() -> new CsvWideReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ":3: invalid value 'yes' for category 'dog' (column 3); use 1, -1, 0 or leave"
                        + " the field empty");
    }

    @Test
    void lineNumbersCountBlankLinesAndCrlf() throws Exception {
        Path file = write("labels.csv", "image,cat\r\n\r\na.jpg,1\r\n\r\nb.jpg,2\r\n");

        assertThatThrownBy(() -> new CsvWideReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(file + ":5: invalid value '2'");
    }

    @Test
    void wideRowWithTooFewFieldsIsRejected() throws Exception {
        Path file = write("labels.csv", "image,cat,dog\na.jpg,1\n");

        assertThatThrownBy(() -> new CsvWideReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(file + ":2: the row has 2 fields but the header has 3");
    }

    @Test
    void wideHeaderMustStartWithImage() throws Exception {
        Path file = write("labels.csv", "file,cat\na.jpg,1\n");

        assertThatThrownBy(() -> new CsvWideReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(file + ":1: the first column is 'file', expected 'image'");
    }

    @Test
    void quotedLineBreaksStayOutOfErrors() throws Exception {
        Path header = write("header.csv", "\"first\nsecond\",cat\na.jpg,1\n");
        Path state = write("state.csv", "image,cat\na.jpg,\"1\r\n\u0001\"\n");

        assertThatThrownBy(() -> new CsvWideReader().read(header, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("the first column is 'first\\nsecond', expected 'image'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> new CsvWideReader().read(state, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("invalid value '1\\r\\n\\u0001' for category 'cat'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
    }

    @Test
    void wideHeaderRejectsRepeatedAndBlankCategories() throws Exception {
        Path repeated = write("repeated.csv", "image,cat,cat\n");
        Path blank = write("blank.csv", "image,cat,,dog\n");

        assertThatThrownBy(() -> new CsvWideReader().read(repeated, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("category 'cat' names two columns");
        assertThatThrownBy(() -> new CsvWideReader().read(blank, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("column 3 has no category name");
    }

    @Test
    void conflictingValuesOfOneCellAreRejected() throws Exception {
        Path file = write("labels.csv", "image,cat\na.jpg,1\nb.jpg,1\na.jpg,-1\n");

        assertThatThrownBy(() -> new CsvWideReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ":4: image 'a.jpg' has a different value for 'cat' than line 2 (positive);"
                        + " keep one value per cell");
    }

    @Test
    void emptyFileAsksForAHeader() throws Exception {
        Path file = write("empty.csv", "\n\n");

        assertThatThrownBy(() -> new CsvWideReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("has no header line");
    }

    @Test
    void fileThatIsNotUtf8IsRejected() throws Exception {
        Path file = temp.resolve("latin1.csv");
        Files.write(file, "image,cat\ncaf\u00e9.jpg,1\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> new CsvWideReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("not UTF-8 text");
    }

    @Test
    void unclosedQuoteIsRejected() throws Exception {
        Path file = write("broken.csv", "image,cat\n\"a.jpg,1\n");

        assertThatThrownBy(() -> new CsvWideReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("not valid CSV");
    }

    @Test
    void missingFileIsReported() {
        Path file = temp.resolve("nope.csv");

        assertThatThrownBy(() -> new CsvWideReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ": no such file; check the --source path");
    }

    @Test
    void blankImagePathIsRejected() throws Exception {
        Path file = write("labels.csv", "image,cat\n  ,1\n");

        assertThatThrownBy(() -> new CsvWideReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(file + ":2: the image path is empty");
    }

    @Test
    void longLayoutReadsColumnsInAnyOrder() throws Exception {
        Path file = write("long.csv", "state,image,category,source\n"
                + "1,a.jpg,cat,annotator\n"
                + "negative,a.jpg,dog,imported\n"
                + "0,b.jpg,cat,\n"
                + "-1,c.jpg,bird,\n");

        ParsedDataset dataset = new CsvLongReader().read(file, null, Split.TEST);

        assertThat(dataset.format()).isEqualTo("csv-long");
        assertThat(dataset.categories()).extracting(DatasetCategory::name).containsExactly("cat", "dog", "bird");
        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("a.jpg", "b.jpg", "c.jpg");
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE, 1, CellState.NEGATIVE));
        assertThat(dataset.images().get(1).cells()).as("unknown rows keep the image, all-unknown").isEmpty();
        assertThat(dataset.images().get(2).cells()).isEqualTo(Map.of(2, CellState.NEGATIVE));
        assertThat(dataset.images()).extracting(DatasetImage::split).containsOnly(Split.TEST);
        assertThat(dataset.notes()).containsExactly("columns skipped: source");
    }

    @Test
    void longRowsListImageOrCategoryAlone() throws Exception {
        Path file = write("long.csv", "image,category,state\nempty.jpg,,unknown\n,bird,unknown\na.jpg,cat,1\n");

        ParsedDataset dataset = new CsvLongReader().read(file, null, null);

        assertThat(dataset.images()).extracting(DatasetImage::path).containsExactly("empty.jpg", "a.jpg");
        assertThat(dataset.images().get(0).cells()).isEmpty();
        assertThat(dataset.categories()).extracting(DatasetCategory::name).containsExactly("bird", "cat");
    }

    @Test
    void longRowWithStateNeedsImageAndCategory() throws Exception {
        Path noCategory = write("a.csv", "image,category,state\na.jpg,,1\n");
        Path noImage = write("b.csv", "image,category,state\n,cat,-1\n");
        Path neither = write("c.csv", "image,category,state\n,,0\n");

        assertThatThrownBy(() -> new CsvLongReader().read(noCategory, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(noCategory + ":2: the category is empty");
        assertThatThrownBy(() -> new CsvLongReader().read(noImage, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(noImage + ":2: the image path is empty");
        assertThatThrownBy(() -> new CsvLongReader().read(neither, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(neither + ":2: the image path is empty");
    }

    @Test
    void longLayoutNeedsItsThreeColumns() throws Exception {
        Path file = write("long.csv", "image,label\na.jpg,cat\n");

        assertThatThrownBy(() -> new CsvLongReader().read(file, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ":1: the header has no 'category' column; the long layout needs the columns"
                        + " image,category,state");
    }

    @Test
    void longLayoutRejectsInvalidStateAndConflicts() throws Exception {
        Path invalid = write("invalid.csv", "image,category,state\na.jpg,cat,maybe\n");
        Path conflict = write("conflict.csv", "image,category,state\na.jpg,cat,1\na.jpg,dog,1\na.jpg,cat,-1\n");

        assertThatThrownBy(() -> new CsvLongReader().read(invalid, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(invalid + ":2: invalid state 'maybe'; use 1, -1, 0 or positive, negative, unknown");
        assertThatThrownBy(() -> new CsvLongReader().read(conflict, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(conflict + ":4: image 'a.jpg' has a different value for 'cat' than line 2");
    }

    @Test
    void registryNamesTheValidFormats() {
        assertThatThrownBy(() -> DatasetReaders.forFormat("vocx"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("unknown format 'vocx'; expected one of voc, coco, csv, csv-long, yolo");
        assertThat(DatasetReaders.forFormat("csv")).isInstanceOf(CsvWideReader.class);
        assertThat(DatasetReaders.forFormat("csv-long")).isInstanceOf(CsvLongReader.class);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(temp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
