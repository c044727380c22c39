package org.regiontag.db.io.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;

class YoloClassificationReaderTest {

    @TempDir
    Path temp;

    @Test
    void imageIsPositiveForItsFolderOnly() throws IOException {
        image("dog/b.jpg");
        image("cat/a.jpg");
        image("cat/sub/c.PNG");
        image("train/d.jpg");
        image("loose.jpg");
        Files.writeString(temp.resolve("cat/notes.txt"), "not an image");

        ParsedDataset dataset = new YoloReader().read(temp, null, null);

        assertThat(YoloDetectionReaderTest.names(dataset)).containsExactly("cat", "dog", "train");
        assertThat(dataset.images()).extracting(DatasetImage::path)
                .containsExactly("cat/a.jpg", "cat/sub/c.PNG", "dog/b.jpg", "train/d.jpg");
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE));
        assertThat(dataset.images().get(2).cells()).isEqualTo(Map.of(1, CellState.POSITIVE));
        assertThat(dataset.images().get(3).cells()).isEqualTo(Map.of(2, CellState.POSITIVE));
        assertThat(dataset.images()).allMatch(image -> image.split() == null);
        assertThat(dataset.notes()).contains("1 image file is outside the class folders: skipped");
    }

    @Test
    void splitFoldersGiveSplits() throws IOException {
        image("train/cat/a.jpg");
        image("train/dog/b.jpg");
        image("val/cat/c.jpg");
        image("test/bird/d.jpg");

        ParsedDataset dataset = new YoloReader().read(temp, null, null);
        ParsedDataset valOnly = new YoloReader().read(temp, null, Split.VAL);

        assertThat(YoloDetectionReaderTest.names(dataset)).containsExactly("bird", "cat", "dog");
        assertThat(YoloDetectionReaderTest.splits(dataset)).containsExactly(Map.entry("test/bird/d.jpg", "test"),
                Map.entry("train/cat/a.jpg", "train"), Map.entry("train/dog/b.jpg", "train"),
                Map.entry("val/cat/c.jpg", "val"));
        assertThat(dataset.images().get(0).cells()).isEqualTo(Map.of(0, CellState.POSITIVE));
        assertThat(YoloDetectionReaderTest.splits(valOnly)).containsExactly(Map.entry("val/cat/c.jpg", "val"));
        assertThat(YoloDetectionReaderTest.names(valOnly)).containsExactly("cat");
    }

    @Test
    void givenSplitWithoutSplitFoldersAppliesToAll() throws IOException {
        image("cat/a.jpg");

        ParsedDataset dataset = new YoloClassificationReader().read(temp, null, Split.TEST);

        assertThat(dataset.images().get(0).split()).isEqualTo(Split.TEST);
    }

    @Test
    void folderWithoutClassFoldersIsRejected() throws IOException {
        image("a.jpg");

        assertThatThrownBy(() -> new YoloReader().read(temp, null, null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(temp + ": has no class folders; a YOLO classification dataset has one folder of images per class");
    }

    private void image(String relative) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xD8});
    }
}
