package org.regiontag.db.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;

class RootRelinkerTest {

    @TempDir
    Path temp;

    @Test
    void relinkFindsMovedImagesAndKeepsLabels() throws Exception {
        Path old = temp.resolve("old");
        TestImages.png(old.resolve("a.png"), 10, 6);
        try (Project project = Project.create(temp.resolve("p"), "p")) {
            new DatasetWriter(project.database()).write(new ParsedDataset("test", old.resolve("x"), old,
                    List.of(new DatasetCategory("cat", null)),
                    List.of(new DatasetImage("a.png", null, Map.of(0, CellState.POSITIVE), 0, 0),
                            new DatasetImage("b.png", null, Map.of(), 0, 0)), List.of()),
                    ImportOptions.of("ana"), ProgressReporter.NONE);
            Path moved = temp.resolve("moved");
            Files.move(old, moved);
            TestImages.png(moved.resolve("b.png"), 4, 4);

            RootRelinker.Result result = new RootRelinker(project.database()).relink(old, moved);

            assertThat(result).isEqualTo(new RootRelinker.Result(2, 2, 0, 0));
            List<ImageRecord> images = project.database().read(connection -> new ImageRepository(connection)
                    .findImagesByRelativePath("b.png"));
            assertThat(images.get(0).status()).isEqualTo(ImageStatus.OK);
            assertThat(images.get(0).width()).isEqualTo(4);
            assertThat(DatasetWriterTest.cells(project)).containsOnlyKeys("a.png|cat");
        }
    }

    @Test
    void relinkOfUnknownRootIsRejected() {
        try (Project project = Project.create(temp.resolve("p"), "p")) {
            assertThatThrownBy(() -> new RootRelinker(project.database()).relink(temp.resolve("nope"), temp))
                    .isInstanceOf(UserInputException.class)
                    .hasMessageContaining("no dataset root of the project is at");
        }
    }
}
