package org.regiontag.app.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.gui.FeatureFixtures;
import org.regiontag.app.gui.TestProjects;
import org.regiontag.db.Project;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.engine.features.PreprocessingKey;

/** Heatmaps from a real feature cache and stored prototypes. */
class PrototypeHeatmapsTest {

    @TempDir
    Path temp;

    private Project project;
    private List<Category> categories;
    private ImageRecord image;

    @BeforeEach
    void createProject() {
        project = TestProjects.demoProject(temp, 3, 40);
        categories = project.database().read(connection -> new CategoryRepository(connection).findAllCategories());
        image = project.database().read(connection -> new ImageRepository(connection).findImageById(1)).orElseThrow();
    }

    @AfterEach
    void close() {
        project.close();
    }

    @Test
    void withoutModelVersionExplains() throws Exception {
        Heatmap heatmap = new PrototypeHeatmaps(project).heatmap(image, categories.get(0), MapKind.TEXT_PIXEL);

        assertThat(heatmap.isAvailable()).isFalse();
        assertThat(heatmap.hint()).contains("no model version");
    }

    @Test
    void withoutFeaturesExplains() throws Exception {
        long version = TestProjects.insertModelVersion(project, null, FeatureFixtures.MODEL, null);
        FeatureFixtures.write(project, version);
        java.nio.file.Files.walk(project.featuresFolder()).filter(file -> file.toString().endsWith(".f16"))
                .forEach(file -> file.toFile().delete());

        Heatmap heatmap = new PrototypeHeatmaps(project).heatmap(image, categories.get(0), MapKind.TEXT_PIXEL);

        assertThat(heatmap.hint()).contains("not extracted yet");
    }

    @Test
    void textPixelMapIsCosineToTextPrototype() throws Exception {
        long version = TestProjects.insertModelVersion(project, null, FeatureFixtures.MODEL, null);
        FeatureFixtures.write(project, version);

        Heatmap heatmap = new PrototypeHeatmaps(project).heatmap(image, categories.get(0), MapKind.TEXT_PIXEL);

        assertThat(heatmap.isAvailable()).isTrue();
        assertThat(heatmap.mode()).isEqualTo(PreprocessingKey.ResizeMode.SQUARE);
        assertThat(heatmap.map().height()).isEqualTo(FeatureFixtures.GRID);
        float[] values = heatmap.map().values();
        for (int row = 0; row < FeatureFixtures.GRID; row++) {
            for (int column = 0; column < FeatureFixtures.GRID; column++) {
                double small = 0.01 * (row + 1);
                double expected = (column < FeatureFixtures.GRID / 2 ? 1 : -1) / Math.sqrt(1 + small * small);
                // Features are stored as float16: about three decimal digits.
                assertThat(values[row * FeatureFixtures.GRID + column]).isCloseTo((float) expected, within(2e-3f));
            }
        }
    }

    @Test
    void regionMapUsesVisualPrototype() throws Exception {
        long version = TestProjects.insertModelVersion(project, null, FeatureFixtures.MODEL, null);
        FeatureFixtures.write(project, version);

        Heatmap heatmap = new PrototypeHeatmaps(project).heatmap(image, categories.get(0), MapKind.REGION);

        // The circle's visual prototype is e1, which image 1's dense map touches only through its small part.
        float[] values = heatmap.map().values();
        for (float value : values) {
            assertThat(Math.abs(value)).isLessThan(0.05f);
        }
    }

    @Test
    void newVersionWithoutPrototypesExplains() throws Exception {
        long first = TestProjects.insertModelVersion(project, null, FeatureFixtures.MODEL, null);
        FeatureFixtures.write(project, first);
        PrototypeHeatmaps heatmaps = new PrototypeHeatmaps(project);
        assertThat(heatmaps.heatmap(image, categories.get(0), MapKind.TEXT_PIXEL).isAvailable()).isTrue();

        TestProjects.insertModelVersion(project, first, FeatureFixtures.MODEL, null);

        assertThat(heatmaps.heatmap(image, categories.get(0), MapKind.TEXT_PIXEL).hint())
                .contains("has no text prototype");
    }

    @Test
    void bestCosineMatchesDirectComputation() {
        Random random = new Random(3);
        int embedDim = 6;
        float[] dense = new float[5 * embedDim];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = (float) random.nextGaussian();
        }
        List<float[]> prototypes = List.of(randomVector(random, embedDim), randomVector(random, embedDim));

        float[] best = PrototypeHeatmaps.bestCosine(dense, embedDim, prototypes);

        for (int location = 0; location < 5; location++) {
            double expected = Double.NEGATIVE_INFINITY;
            for (float[] prototype : prototypes) {
                double dot = 0;
                double a = 0;
                double b = 0;
                for (int k = 0; k < embedDim; k++) {
                    double x = dense[location * embedDim + k];
                    dot += x * prototype[k];
                    a += x * x;
                    b += prototype[k] * prototype[k];
                }
                expected = Math.max(expected, dot / Math.sqrt(a * b));
            }
            assertThat(best[location]).isCloseTo((float) expected, within(1e-6f));
        }
    }

    private static float[] randomVector(Random random, int length) {
        float[] vector = new float[length];
        for (int i = 0; i < length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }
}
