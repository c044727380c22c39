package org.regiontag.app.gui.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.gui.EngineFixtures;
import org.regiontag.app.gui.TestProjects;
import org.regiontag.app.gui.UiExecutors;
import org.regiontag.app.services.Heatmap;
import org.regiontag.app.services.MapKind;
import org.regiontag.app.services.HeatmapSource;
import org.regiontag.db.Project;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.Split;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.engine.features.PreprocessingKey;
import org.regiontag.engine.heatmap.SimilarityMap;

class ImageViewModelTest {

    @TempDir
    Path temp;

    private Project project;
    private ImageViewModel image;
    private List<Category> categories;
    private HeatmapSource heatmaps;

    @BeforeEach
    void createProject() throws Exception {
        project = TestProjects.demoProject(temp, 3, 48);
        EngineFixtures.extract(project, EngineFixtures.writeCheckpoint(temp));
        categories = project.database().read(connection -> new CategoryRepository(connection).findAllCategories());
        heatmaps = EngineFixtures.engineJobs().heatmaps(project, "cpu");
        image = new ImageViewModel(UiExecutors.sameThread());
        image.setProject(project, heatmaps);
    }

    @AfterEach
    void close() {
        heatmaps.close();
        project.close();
    }

    @Test
    void showDecodesImageAndOverlay() {
        image.heatmapCategoryProperty().set(categories.get(0));

        image.show(1, temp.resolve("scenes/train/scene-000000.jpg"));

        assertThat(image.imageProperty().get().getWidth()).isEqualTo(48);
        assertThat(image.imageHintProperty().get()).isEmpty();
        assertThat(image.overlayProperty().get()).isNotNull();
        assertThat(image.overlayExtentProperty().get()).isEqualTo(new Rectangle2D(0, 0, 1, 1));
        assertThat(image.heatmapHintProperty().get()).isEmpty();
    }

    @Test
    void missingFileShowsSentence() throws Exception {
        Path file = temp.resolve("scenes/train/scene-000001.jpg");
        Files.delete(file);

        image.show(2, file);

        assertThat(image.imageProperty().get()).isNull();
        assertThat(image.imageHintProperty().get()).startsWith("The file " + file + " is not there.");
    }

    @Test
    void hiddenHeatmapHasNoOverlay() {
        image.heatmapCategoryProperty().set(categories.get(0));
        image.show(1, temp.resolve("scenes/train/scene-000000.jpg"));

        image.heatmapVisibleProperty().set(false);

        assertThat(image.overlayProperty().get()).isNull();
    }

    @Test
    void regionKindWithoutTrainedVersionShowsHint() {
        image.heatmapCategoryProperty().set(categories.get(0));
        image.show(1, temp.resolve("scenes/train/scene-000000.jpg"));

        image.switchMapKind();

        assertThat(image.mapKindProperty().get()).isEqualTo(MapKind.REGION);
        assertThat(image.overlayProperty().get()).isNull();
        assertThat(image.heatmapHintProperty().get()).startsWith("No region heatmap for circle yet");
    }

    @Test
    void readsForPassedImagesAreSkipped() {
        ArrayDeque<Runnable> queued = new ArrayDeque<>();
        List<Long> mapped = new ArrayList<>();
        HeatmapSource recording = (record, category, kind) -> {
            mapped.add(record.id());
            return heatmaps.heatmap(record, category, kind);
        };
        ImageViewModel stepping = new ImageViewModel(new UiExecutors(Runnable::run, queued::add, Runnable::run,
                Runnable::run));
        stepping.setProject(project, recording);
        stepping.heatmapCategoryProperty().set(categories.get(0));

        stepping.show(1, temp.resolve("scenes/train/scene-000000.jpg"));
        stepping.show(2, temp.resolve("scenes/train/scene-000001.jpg"));
        stepping.show(3, temp.resolve("scenes/train/scene-000002.jpg"));
        while (!queued.isEmpty()) {
            queued.poll().run();
        }

        assertThat(mapped).as("images whose heatmap was computed").containsExactly(3L);
        assertThat(stepping.imageIdProperty().get()).isEqualTo(3);
        assertThat(stepping.imageProperty().get()).isNotNull();
        assertThat(stepping.overlayProperty().get()).isNotNull();
    }

    @Test
    void cropOverlayCoversCentreSquareOfUprightImage() {
        ImageRecord portrait = new ImageRecord(9, 1, "p.jpg", 300, 200, null, 6, Split.TRAIN, ImageStatus.OK, null);
        Heatmap heatmap = Heatmap.of(new SimilarityMap(new float[] {0, 1, 2, 3}, 2, 2),
                PreprocessingKey.ResizeMode.CROP);

        ImageViewModel.Overlay overlay = ImageViewModel.render(heatmap, portrait);

        // Orientation 6 turns the stored 300 x 200 into an upright 200 x 300: the square is 200 high, 50 down.
        Rectangle2D extent = overlay.extent();
        assertThat(extent.getMinX()).isCloseTo(0, within(1e-9));
        assertThat(extent.getMinY()).isCloseTo(50.0 / 300, within(1e-9));
        assertThat(extent.getWidth()).isCloseTo(1, within(1e-9));
        assertThat(extent.getHeight()).isCloseTo(200.0 / 300, within(1e-9));
        assertThat(overlay.image().getWidth()).isEqualTo(200);
    }
}
