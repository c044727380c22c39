package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ProjectSettings;

/** {@code regiontag heatmap} on a real VOC photograph, with a tiny random checkpoint. */
@Tag("shared-data")
class HeatmapCommandTest {

    private static final String PHOTO = "2007_000032.jpg";

    @TempDir
    Path temp;

    @Test
    void overlaysDifferBetweenCategories() throws Exception {
        Path project = vocProject();
        Path aeroplane = temp.resolve("aeroplane.png");
        Path person = temp.resolve("person.png");

        CliRun first = CliRun.of("heatmap", project.toString(), "--image", PHOTO, "--category",
                "aeroplane", "--out", aeroplane.toString());
        CliRun second = CliRun.of("heatmap", project.toString(), "--image", PHOTO, "--category",
                "person", "--out", person.toString(), "--kind", "text-pixel");

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(first.out()).contains("wrote " + aeroplane + ": text-pixel map of 'aeroplane' on " + PHOTO);
        BufferedImage photo = ImageIO.read(voc2012().resolve("JPEGImages").resolve(PHOTO).toFile());
        BufferedImage one = ImageIO.read(aeroplane.toFile());
        BufferedImage other = ImageIO.read(person.toFile());
        assertThat(one.getWidth()).isEqualTo(photo.getWidth());
        assertThat(one.getHeight()).isEqualTo(photo.getHeight());
        assertThat(other.getWidth()).isEqualTo(photo.getWidth());
        assertThat(differingPixels(one, other)).as("pixels that differ between the two categories' overlays")
                .isGreaterThan(one.getWidth() * one.getHeight() / 10);
        assertThat(differingPixels(one, photo)).as("pixels the overlay changed").isGreaterThan(0);
    }

    @Test
    void regionMapWithoutTrainedVersionIsUserError() throws Exception {
        Path project = vocProject();

        CliRun region = CliRun.of("heatmap", project.toString(), "--image", PHOTO, "--category",
                "person", "--out", temp.resolve("region.png").toString(), "--kind", "region");

        assertThat(region.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(region.err()).contains("a region map needs a trained model version; run regiontag train first");
        assertThat(temp.resolve("region.png")).doesNotExist();
    }

    private Path vocProject() throws Exception {
        Path voc2012 = voc2012();
        Path project = temp.resolve("voc");
        assertThat(CliRun.of("init", project.toString()).status()).isZero();
        CliRun imported = CliRun.of("import", project.toString(), "--format", "voc", "--source", voc2012.toString());
        assertThat(imported.status()).as(imported.err()).isZero();
        Path model = TestCheckpoints.writeRandom(temp.resolve("tiny-clip"), 8);
        try (Project opened = Project.open(project)) {
            ProjectSettings.write(opened.database(), BackboneSettings.defaults().withModel(model.toString()));
        }
        return project;
    }

    private static Path voc2012() {
        Path shared = Path.of(System.getProperty("regiontag.shared.dir", "../shared"));
        Path voc2012 = shared.resolve("datasets/voc-sample/VOCdevkit/VOC2012");
        assumeTrue(Files.isDirectory(voc2012), "the shared VOC sample is not at " + voc2012.toAbsolutePath()
                + "; skipping");
        return voc2012;
    }

    private static long differingPixels(BufferedImage a, BufferedImage b) {
        long differing = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                differing += (a.getRGB(x, y) & 0xffffff) == (b.getRGB(x, y) & 0xffffff) ? 0 : 1;
            }
        }
        return differing;
    }
}
