package org.regiontag.engine.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.demo.DemoDataset;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.features.FeatureEntry;
import org.regiontag.engine.models.ModelCache;
import org.regiontag.engine.models.ModelLocator;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ProjectData;
import org.regiontag.engine.train.heads.MatchingHeads;

class HeatmapServiceTest {

    @TempDir
    Path temp;

    @Test
    void textPixelMapOfUncachedImageMatchesEngineCosines() throws Exception {
        try (Project project = Project.create(temp.resolve("project"), "heatmaps");
                Backbone backbone = backbone(TestCheckpoints.writeRandom(temp.resolve("tiny"), 4));
                HeatmapService heatmaps = new HeatmapService(project, backbone)) {
            new DatasetWriter(project.database()).write(DemoDataset.write(temp.resolve("scenes"), 3, 0, 2, 48),
                    ImportOptions.of("tester"), ProgressReporter.NONE);
            ProjectData data = ProjectData.read(project.database());
            ImageRecord image = data.images().get(1);
            Category category = data.categories().get(2);

            SimilarityMap map = heatmaps.map(image.id(), category.id(), HeatmapKind.TEXT_PIXEL);

            FeatureCache cache = backbone.openCache(project.featuresFolder());
            assertThat(cache.contains(image.sha256())).as("features cached on the way").isTrue();
            FeatureEntry entry = cache.read(image.sha256());
            float[] prompt = backbone.promptEmbeddings(List.of(category.promptName()))[0];
            float[] expected;
            try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
                NDArray dense = entry.denseArray(manager).expandDims(0); // (1, 4, 4, 16)
                NDArray positive = manager.create(prompt, new Shape(1, prompt.length)); // (1, 16)
                expected = MatchingHeads.textPixelMap(dense, positive).toFloatArray();
            }
            assertThat(map.height()).isEqualTo(4);
            assertThat(map.width()).isEqualTo(4);
            float[] values = map.values();
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) values[i]).as("location %d", i)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
            }

            BufferedImage overlay = heatmaps.overlay(image.id(), category.id(), HeatmapKind.TEXT_PIXEL,
                    HeatmapStyle.standard());
            assertThat(overlay.getWidth()).isEqualTo(48);
            assertThat(overlay.getHeight()).isEqualTo(48);
        }
    }

    @Test
    void regionMapWithoutTrainedVersionIsUserError() throws Exception {
        try (Project project = Project.create(temp.resolve("project"), "heatmaps");
                Backbone backbone = backbone(TestCheckpoints.writeRandom(temp.resolve("tiny"), 4));
                HeatmapService heatmaps = new HeatmapService(project, backbone)) {
            new DatasetWriter(project.database()).write(DemoDataset.write(temp.resolve("scenes"), 2, 0, 2, 48),
                    ImportOptions.of("tester"), ProgressReporter.NONE);
            ProjectData data = ProjectData.read(project.database());

            assertThatThrownBy(() -> heatmaps.map(data.images().get(0).id(), data.categories().get(0).id(),
                    HeatmapKind.REGION))
                    .isInstanceOf(UserInputException.class)
                    .hasMessageStartingWith("a region map needs a trained model version");
        }
    }

    private static Backbone backbone(Path checkpoint) {
        return Backbone.open(BackboneSettings.defaults().withModel(checkpoint.toString()).withDevice("cpu"),
                new ModelLocator(new ModelCache(checkpoint.resolveSibling("cache")),
                        HeatmapServiceTest.class.getClassLoader()));
    }
}
