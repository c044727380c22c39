package org.regiontag.app.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.app.gui.EngineFixtures;
import org.regiontag.app.gui.TestProjects;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.db.repo.Suggestion;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.engine.heatmap.SimilarityMap;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.ModelVersions;

/** The engine's jobs and heatmaps behind the application, on a project of demo scenes and a tiny checkpoint. */
class EngineJobsTest {

    @TempDir
    Path temp;

    private Project project;
    private DefaultEngineJobs jobs;
    private HeatmapSource heatmaps;
    private Category circle;

    @BeforeEach
    void createProject() throws Exception {
        project = TestProjects.demoProject(temp, 12, 48);
        EngineFixtures.extract(project, EngineFixtures.writeCheckpoint(temp));
        jobs = EngineFixtures.engineJobs();
        heatmaps = jobs.heatmaps(project, "cpu");
        circle = project.database().read(connection -> new CategoryRepository(connection).findAllCategories()).get(0);
    }

    @AfterEach
    void close() {
        heatmaps.close();
        project.close();
    }

    @Test
    void textPixelMapFollowsCachedFeatures() throws Exception {
        EngineFixtures.paintLeftRight(project, 1, circle);

        Heatmap heatmap = heatmaps.heatmap(image(1), circle, MapKind.TEXT_PIXEL);

        assertThat(heatmap.isAvailable()).as(heatmap.hint()).isTrue();
        SimilarityMap map = heatmap.map();
        // The map is the cosine similarity of the prompt embedding with itself and with its negation.
        // The cache stores float16, so the values are within 1e-3 of +1 and -1.
        for (int row = 0; row < map.height(); row++) {
            float left = map.values()[row * map.width()];
            float right = map.values()[row * map.width() + map.width() - 1];
            assertThat(left).as("left column, row %d", row).isCloseTo(1f, within(1e-3f));
            assertThat(right).as("right column, row %d", row).isCloseTo(-1f, within(1e-3f));
        }
    }

    @Test
    void regionMapNeedsTrainedVersion() throws Exception {
        Heatmap heatmap = heatmaps.heatmap(image(1), circle, MapKind.REGION);

        assertThat(heatmap.isAvailable()).isFalse();
        assertThat(heatmap.hint()).startsWith("No region heatmap for circle yet");
    }

    @Test
    void neighboursNeedTrainedVersion() {
        assertThatThrownBy(() -> heatmaps.neighbours().nearestKnownPositives(1, circle.id(), 4))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("nearest known positives need a trained model version");
    }

    @Test
    void neighboursAfterRoundAreKnownPositives() throws Exception {
        jobs.fineTune(project, "cpu").orElseThrow().run(ProgressListener.NONE, new CancellationToken());
        Category category = mostPositives();
        List<Long> positives = positives(category);

        List<RegionNeighbours.Neighbour> nearest = heatmaps.neighbours().nearestKnownPositives(positives.get(0),
                category.id(), 4);

        assertThat(nearest).hasSize(Math.min(4, positives.size() - 1));
        assertThat(nearest).allSatisfy(neighbour -> {
            assertThat(positives).contains(neighbour.imageId());
            assertThat(neighbour.imageId()).isNotEqualTo(positives.get(0));
            assertThat(neighbour.similarity()).isBetween(-1.0 - 1e-6, 1.0 + 1e-6);
        });
        for (int i = 1; i < nearest.size(); i++) {
            assertThat(nearest.get(i).similarity()).as("order at %d", i)
                    .isLessThanOrEqualTo(nearest.get(i - 1).similarity());
        }
    }

    @Test
    void fineTuneWritesVersionAndSuggestions() throws Exception {
        long before = ModelVersions.findLatest(project).orElseThrow().id();

        String outcome = jobs.fineTune(project, "cpu").orElseThrow().run(ProgressListener.NONE,
                new CancellationToken());

        ModelVersion latest = ModelVersions.findLatest(project).orElseThrow();
        assertThat(latest.id()).isGreaterThan(before);
        assertThat(latest.parentId()).isEqualTo(before);
        assertThat(outcome).startsWith("Round 1: model version " + latest.id());
        List<Suggestion> pending = project.database().read(connection -> new SuggestionRepository(connection)
                .findPendingSuggestions(Integer.MAX_VALUE));
        assertThat(pending).isNotEmpty();
        assertThat(pending).allSatisfy(suggestion -> assertThat(suggestion.modelVersionId()).isEqualTo(latest.id()));
        Heatmap region = heatmaps.heatmap(image(2), circle, MapKind.REGION);
        assertThat(region.isAvailable()).as(region.hint()).isTrue();
    }

    @Test
    void suggestLeavesDecidedCellsOut() throws Exception {
        List<Suggestion> before = pending();
        Suggestion decided = before.get(0);
        new LabelEditor(project.database()).setCell(decided.imageId(), decided.categoryId(), CellState.NEGATIVE,
                "alice", "set by a test");

        String outcome = jobs.suggest(project, "cpu").orElseThrow().run(ProgressListener.NONE, new CancellationToken());

        List<Suggestion> after = pending();
        assertThat(outcome).isEqualTo((before.size() - 1)
                + " suggestions pending from the zero-shot scores (model version 1).");
        assertThat(after).hasSize(before.size() - 1);
        assertThat(after).noneMatch(suggestion -> suggestion.imageId() == decided.imageId()
                && suggestion.categoryId() == decided.categoryId());
    }

    @Test
    void evaluateStoresMetricsOfNewestVersion() throws Exception {
        String outcome = jobs.evaluate(project, "cpu").orElseThrow().run(ProgressListener.NONE,
                new CancellationToken());

        ModelVersion latest = ModelVersions.findLatest(project).orElseThrow();
        org.regiontag.engine.pipeline.RoundMetrics stored = org.regiontag.engine.pipeline.RoundMetrics.fromJson(
                latest.metrics());
        assertThat(stored.map()).isBetween(0.0, 100.0);
        assertThat(stored.evalImages()).isEqualTo(12);
        assertThat(outcome).startsWith("Model version " + latest.id() + ": mAP ");
    }

    private List<Suggestion> pending() {
        return project.database().read(connection -> new SuggestionRepository(connection)
                .findPendingSuggestions(Integer.MAX_VALUE));
    }

    private List<Long> positives(Category category) {
        List<Long> ids = new ArrayList<>();
        project.database().read(connection -> {
            new LabelRepository(connection).forEachLabel(label -> {
                if (label.categoryId() == category.id() && label.state() == CellState.POSITIVE) {
                    ids.add(label.imageId());
                }
            });
            return null;
        });
        return ids;
    }

    private Category mostPositives() {
        List<Category> categories = project.database().read(connection ->
                new CategoryRepository(connection).findAllCategories());
        return categories.stream().max(java.util.Comparator.comparingInt(
                (Category category) -> positives(category).size())).orElseThrow();
    }

    private ImageRecord image(long id) {
        return project.database().read(connection -> new ImageRepository(connection).findImageById(id)).orElseThrow();
    }
}
