package org.regiontag.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.Split;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.JobCancelledException;
import org.regiontag.engine.job.Progress;

class DemoDatasetTest {

    private static final long SEED = 77;

    @TempDir
    Path temp;

    private final SceneGenerator generator = new SceneGenerator();

    @Test
    void writesImagesAndLabelFiles() throws IOException {
        Path dir = temp.resolve("demo");

        ParsedDataset dataset = DemoDataset.write(dir, 6, 4, SEED, 64);

        assertThat(dataset.format()).isEqualTo("demo");
        assertThat(dataset.imageRoot()).isEqualTo(dir.toAbsolutePath());
        assertThat(dataset.categories()).extracting(category -> category.name())
                .isEqualTo(SceneGenerator.categories());
        assertThat(dataset.images()).hasSize(10);
        assertThat(dataset.notes()).singleElement().asString().contains("seed 77", "6 training", "4 test", "64 px");

        List<String> train = Files.readAllLines(dir.resolve("train.csv"));
        List<String> test = Files.readAllLines(dir.resolve("test.csv"));
        assertThat(train.get(0)).isEqualTo("image," + String.join(",", SceneGenerator.categories()));
        assertThat(test.get(0)).isEqualTo(train.get(0));
        assertThat(train).hasSize(7);
        assertThat(test).hasSize(5);
        List<String> rows = new ArrayList<>(train.subList(1, 7));
        rows.addAll(test.subList(1, 5));
        for (int i = 0; i < 10; i++) {
            assertThat(rows.get(i)).isEqualTo(csvRow(dataset.images().get(i)));
        }

        for (DatasetImage image : dataset.images()) {
            BufferedImage decoded = ImageIO.read(dir.resolve(image.path()).toFile());
            assertThat(decoded.getWidth()).isEqualTo(64);
            assertThat(decoded.getHeight()).isEqualTo(64);
            assertThat(image.width()).isEqualTo(64);
        }
        assertThat(Files.readAllLines(dir.resolve("captions.csv"))).hasSize(11)
                .first().isEqualTo("image,caption,caption_with_colours");
        try (Stream<Path> siblings = Files.list(temp)) {
            assertThat(siblings).as("no staging folder left behind").containsExactly(dir);
        }
    }

    @Test
    void labelsMatchRegeneratedScenes() {
        Path dir = temp.resolve("demo");

        ParsedDataset dataset = DemoDataset.write(dir, 5, 3, SEED, 48);
        Map<String, DemoDataset.DemoImage> scenes = DemoDataset.readScenes(dir);

        assertThat(scenes).hasSize(8);
        for (DatasetImage image : dataset.images()) {
            DemoDataset.DemoImage demoImage = scenes.get(image.path());
            assertThat(demoImage.split()).isEqualTo(image.split());
            assertThat(demoImage.seed()).isEqualTo(SEED);
            boolean[] presence = generator.labels(demoImage.scene(generator)).presence();
            for (int c = 0; c < presence.length; c++) {
                assertThat(image.cells().get(c)).isEqualTo(presence[c] ? CellState.POSITIVE : CellState.NEGATIVE);
            }
        }
        assertThat(scenes.get("train/scene-000004.jpg").index()).isEqualTo(4);
        assertThat(scenes.get("test/scene-000002.jpg").index()).isEqualTo(DemoDataset.TEST_INDEX_OFFSET + 2);
    }

    @Test
    void describeMatchesWrittenDataset() {
        Path dir = temp.resolve("demo");

        ParsedDataset written = DemoDataset.write(dir, 4, 2, SEED, 40);
        ParsedDataset described = DemoDataset.describe(dir, 4, 2, SEED, 40, generator);

        assertThat(described).isEqualTo(written);
    }

    @Test
    void testImagesDoNotDependOnTrainingCount() {
        ParsedDataset small = DemoDataset.describe(temp, 2, 5, SEED, 64, generator);
        ParsedDataset large = DemoDataset.describe(temp, 9, 5, SEED, 64, generator);

        assertThat(large.images().subList(9, 14)).isEqualTo(small.images().subList(2, 7));
    }

    @Test
    void writtenPixelsMatchRenders() throws IOException {
        Path dir = temp.resolve("demo");
        DemoDataset.write(dir, 0, 3, SEED, 96);

        for (int i = 0; i < 3; i++) {
            BufferedImage decoded = ImageIO.read(dir.resolve(DemoDataset.imagePath(Split.TEST, i)).toFile());
            BufferedImage rendered = generator.render(generator.generate(SEED, DemoDataset.sceneIndex(Split.TEST, i)), 96);

            // JPEG at quality 0.95 keeps the mean error near one grey level.
            assertThat(meanAbsoluteDifference(decoded, rendered)).as("image %d", i).isLessThan(3.0 / 255);
        }
    }

    @Test
    void progressReachesTotal() {
        List<Progress> reports = new ArrayList<>();

        DemoDataset.write(temp.resolve("demo"), 3, 2, SEED, 32, generator, reports::add, new CancellationToken());

        assertThat(reports).isNotEmpty();
        assertThat(reports.get(0).done()).isZero();
        Progress last = reports.get(reports.size() - 1);
        assertThat(last.done()).isEqualTo(5);
        assertThat(last.total()).isEqualTo(5);
        assertThat(last.phase()).isEqualTo("demo-images");
    }

    @Test
    void cancelledWriteLeavesNothing() throws IOException {
        Path dir = temp.resolve("demo");
        CancellationToken token = new CancellationToken();
        List<Progress> reports = new ArrayList<>();

        assertThatThrownBy(() -> DemoDataset.write(dir, 40, 0, SEED, 64, generator, progress -> {
            reports.add(progress);
            if (progress.done() >= 3) {
                token.cancel();
            }
        }, token)).isInstanceOf(JobCancelledException.class);

        assertThat(reports).isNotEmpty();
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void emptyFolderIsFilled() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("empty"));

        DemoDataset.write(dir, 2, 1, SEED, 32);

        assertThat(dir.resolve("train.csv")).exists();
        assertThat(dir.resolve(DemoDataset.imagePath(Split.TEST, 0))).exists();
    }

    @Test
    void nonEmptyFolderIsRejectedUntouched() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("used"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> DemoDataset.write(dir, 2, 1, SEED, 32))
                .isInstanceOf(UserInputException.class)
                .hasMessage("demo dataset folder " + dir.toAbsolutePath()
                        + " already exists and is not empty; choose a new or empty folder");

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("notes.txt"));
        }
        try (Stream<Path> siblings = Files.list(temp)) {
            assertThat(siblings).containsExactly(dir);
        }
    }

    @Test
    void invalidCountsAndSizesAreRejected() {
        Path dir = temp.resolve("demo");

        assertThatThrownBy(() -> DemoDataset.write(dir, 0, 0, SEED, 64))
                .isInstanceOf(UserInputException.class)
                .hasMessage("invalid demo image counts: 0 training and 0 test images; use counts of 0 or more with"
                        + " at least one image in all");
        assertThatThrownBy(() -> DemoDataset.write(dir, -1, 5, SEED, 64))
                .isInstanceOf(UserInputException.class).hasMessageContaining("-1 training");
        assertThatThrownBy(() -> DemoDataset.write(dir, 5, 5, SEED, 16))
                .isInstanceOf(UserInputException.class)
                .hasMessage("invalid demo image size 16 px; use 32 to 1024 px");
        assertThat(dir).doesNotExist();
    }

    @Test
    void malformedSceneListNamesTheLine() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("broken"));
        Path file = dir.resolve("scenes.csv");
        Files.writeString(file, "image,split,seed,index\ntrain/scene-000000.jpg,train,7,0\n"
                + "train/scene-000001.jpg,train,seven,1\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> DemoDataset.readScenes(dir))
                .isInstanceOf(UserInputException.class)
                .hasMessage(file + ", line 3: invalid seed 'seven'; expected a whole number");

        Files.writeString(file, "image,split\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DemoDataset.readScenes(dir))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("line 1: expected the header image,split,seed,index");

        Files.delete(file);
        assertThatThrownBy(() -> DemoDataset.readScenes(dir))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("scenes.csv not found");
    }

    private static String csvRow(DatasetImage image) {
        StringBuilder row = new StringBuilder(image.path());
        for (int c = 0; c < SceneCategory.values().length; c++) {
            row.append(image.cells().get(c) == CellState.POSITIVE ? ",1" : ",-1");
        }
        return row.toString();
    }

    private static double meanAbsoluteDifference(BufferedImage first, BufferedImage second) {
        double sum = 0;
        for (int y = 0; y < first.getHeight(); y++) {
            for (int x = 0; x < first.getWidth(); x++) {
                int a = first.getRGB(x, y);
                int b = second.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * first.getWidth() * first.getHeight() * 255);
    }
}
