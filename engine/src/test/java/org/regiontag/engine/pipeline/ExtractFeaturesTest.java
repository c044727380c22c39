package org.regiontag.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.db.io.formats.DatasetReaders;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.JobCancelledException;
import org.regiontag.engine.project.Backbone;

class ExtractFeaturesTest {

    @TempDir
    Path temp;

    @Test
    void cancelledExtractionResumesWithTheRest() throws Exception {
        try (Project project = PipelineFixture.project(temp, 20, 0, 0.5);
                Backbone backbone = PipelineFixture.backbone(PipelineFixture.checkpoint(temp))) {
            CancellationToken token = new CancellationToken();

            assertThatThrownBy(() -> new ExtractFeatures(project, backbone).run(progress -> {
                if (progress.phase().equals("extract")) {
                    token.cancel();
                }
            }, token)).isInstanceOf(JobCancelledException.class);

            long cached = entries(project, backbone);
            assertThat(cached).isBetween(1L, 19L);

            ExtractionResult rest = new ExtractFeatures(project, backbone).run(p -> { }, new CancellationToken());

            assertThat(rest.alreadyCached()).isEqualTo(cached);
            assertThat(rest.extracted()).isEqualTo(20 - cached);
            assertThat(entries(project, backbone)).isEqualTo(20);
            assertThat(rest.zeroShotScored()).isEqualTo(20);
        }
    }

    @Test
    void secondRunExtractsNothing() throws Exception {
        try (Project project = PipelineFixture.project(temp, 6, 0, 0.5);
                Backbone backbone = PipelineFixture.backbone(PipelineFixture.checkpoint(temp))) {
            new ExtractFeatures(project, backbone).run(p -> { }, new CancellationToken());

            ExtractionResult again = new ExtractFeatures(project, backbone).run(p -> { }, new CancellationToken());

            assertThat(again.extracted()).isZero();
            assertThat(again.alreadyCached()).isEqualTo(6);
            assertThat(again.zeroShotScored()).isZero();
        }
    }

    @Test
    void folderWithoutManifestIsCompleted() throws Exception {
        // A process killed between creating the cache folder and writing its manifest leaves this.
        try (Project project = PipelineFixture.project(temp, 4, 0, 0.5);
                Backbone backbone = PipelineFixture.backbone(PipelineFixture.checkpoint(temp))) {
            Files.createDirectories(project.featuresFolder().resolve(backbone.featureKey().cacheKey()));

            ExtractionResult result = new ExtractFeatures(project, backbone).run(p -> { }, new CancellationToken());

            assertThat(result.extracted()).isEqualTo(4);
            assertThat(FeatureCache.exists(project.featuresFolder(), backbone.featureKey().cacheKey())).isTrue();
        }
    }

    @Test
    void undecodableImageIsMarkedDamagedAndSkipped() throws Exception {
        Path images = Files.createDirectories(temp.resolve("images"));
        ImageIO.write(noise(40, 30, 1), "png", images.resolve("good.png").toFile());
        Files.write(images.resolve("bad.png"), pngWithGarbledPixels(noise(40, 30, 2)));
        Files.writeString(images.resolve("labels.csv"), "image,cat,dog\ngood.png,1,-1\nbad.png,-1,1\n",
                StandardCharsets.UTF_8);
        try (Project project = Project.create(temp.resolve("project"), "damaged");
                Backbone backbone = PipelineFixture.backbone(PipelineFixture.checkpoint(temp))) {
            new DatasetWriter(project.database()).write(DatasetReaders.forFormat("csv")
                    .read(images.resolve("labels.csv"), images, null), ImportOptions.of("tester"), ProgressReporter.NONE);
            assertThat(statusOf(project, "bad.png")).as("the probe accepts the file").isEqualTo(ImageStatus.OK);

            ExtractionResult result = new ExtractFeatures(project, backbone).run(p -> { }, new CancellationToken());

            assertThat(result.extracted()).isEqualTo(1);
            assertThat(result.damaged()).isEqualTo(1);
            assertThat(result.problems()).singleElement().asString().contains("bad.png");
            assertThat(statusOf(project, "bad.png")).isEqualTo(ImageStatus.DAMAGED);
            assertThat(statusOf(project, "good.png")).isEqualTo(ImageStatus.OK);
        }
    }

    @Test
    void missingAndChangedFilesAreSkipped() throws Exception {
        try (Project project = PipelineFixture.project(temp, 5, 0, 0.5);
                Backbone backbone = PipelineFixture.backbone(PipelineFixture.checkpoint(temp))) {
            Path scenes = temp.resolve("scenes/train");
            Files.delete(scenes.resolve("scene-000001.jpg"));
            ImageIO.write(noise(48, 48, 3), "jpg", scenes.resolve("scene-000002.jpg").toFile());

            ExtractionResult result = new ExtractFeatures(project, backbone).run(p -> { }, new CancellationToken());

            assertThat(result.extracted()).isEqualTo(3);
            assertThat(result.missing()).isEqualTo(1);
            assertThat(result.changed()).isEqualTo(1);
            assertThat(statusOf(project, "train/scene-000001.jpg")).as("status left as it is")
                    .isEqualTo(ImageStatus.OK);
        }
    }

    private static long entries(Project project, Backbone backbone) throws IOException {
        Path folder = project.featuresFolder().resolve(backbone.featureKey().cacheKey());
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".f16")).count();
        }
    }

    private static ImageStatus statusOf(Project project, String path) {
        List<ImageRecord> images = project.database().read(connection -> new ImageRepository(connection)
                .findImagesByRelativePath(path));
        return images.get(0).status();
    }

    private static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    /**
     * A PNG whose chunk structure and CRCs are valid but whose IDAT holds random bytes instead of
     * zlib data: the probe accepts it, decoding fails.
     */
    private static byte[] pngWithGarbledPixels(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        byte[] png = out.toByteArray();
        ByteBuffer buffer = ByteBuffer.wrap(png);
        int at = 8;
        Random random = new Random(9);
        while (at < png.length) {
            int length = buffer.getInt(at);
            String type = new String(png, at + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("IDAT")) {
                for (int i = 0; i < length; i++) {
                    png[at + 8 + i] = (byte) random.nextInt(256);
                }
                CRC32 crc = new CRC32();
                crc.update(png, at + 4, 4 + length);
                buffer.putInt(at + 8 + length, (int) crc.getValue());
            }
            at += 12 + length;
        }
        return png;
    }
}
