package org.regiontag.engine.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.MissingLabelSimulation;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.demo.DemoDataset;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.features.FeatureEntry;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.models.ModelCache;
import org.regiontag.engine.models.ModelLocator;
import org.regiontag.engine.pipeline.ExtractFeatures;
import org.regiontag.engine.pipeline.FineTune;
import org.regiontag.engine.pipeline.Scoring;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.BackboneSettings;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.ProjectData;
import org.regiontag.engine.train.NoGradient;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.TrmModel;

class RegionNeighbourServiceTest {

    /** Float16 features and float32 arithmetic in both computations. */
    private static final Offset<Double> TOLERANCE = Offset.offset(1e-5);

    @TempDir
    Path temp;

    @Test
    void nearestPositivesMatchIndependentCosineRanking() throws Exception {
        try (Project project = project();
                Backbone backbone = backbone(TestCheckpoints.writeRandom(temp.resolve("tiny"), 3));
                RegionNeighbourService service = new RegionNeighbourService(project, backbone)) {
            new ExtractFeatures(project, backbone).run(ProgressListener.NONE, new CancellationToken());
            TrainingConfig round = TrainingConfig.builder().stepsPerRound(3).warmupSteps(1).batchSize(8)
                    .queueSize(64).contextLength(4).build();
            new FineTune(project, backbone, round).run(ProgressListener.NONE, new CancellationToken());
            ProjectData data = ProjectData.read(project.database());
            Category category = mostPositives(project, data);
            List<Long> positives = positives(project, category.id());
            ImageRecord query = data.images().stream().filter(image -> !positives.contains(image.id()))
                    .findFirst().orElseThrow();

            List<RegionNeighbourService.Neighbour> found = service.nearestKnownPositives(query.id(),
                    category.id(), 4);

            List<RegionNeighbourService.Neighbour> expected = independentRanking(project, backbone, data, category,
                    query, positives);
            assertThat(positives).as("known positives of %s", category.name()).hasSizeGreaterThan(4);
            assertThat(found).hasSize(4);
            for (int i = 0; i < 4; i++) {
                assertThat(found.get(i).imageId()).as("neighbour %d", i).isEqualTo(expected.get(i).imageId());
                assertThat(found.get(i).similarity()).as("similarity %d", i)
                        .isCloseTo(expected.get(i).similarity(), TOLERANCE);
            }

            long positive = positives.get(0);
            List<RegionNeighbourService.Neighbour> ofPositive = service.nearestKnownPositives(positive,
                    category.id(), positives.size());
            assertThat(ofPositive).as("the image itself is left out").hasSize(positives.size() - 1)
                    .noneMatch(neighbour -> neighbour.imageId() == positive);
        }
    }

    @Test
    void projectWithoutTrainedVersionIsUserError() throws Exception {
        try (Project project = project();
                Backbone backbone = backbone(TestCheckpoints.writeRandom(temp.resolve("tiny"), 3));
                RegionNeighbourService service = new RegionNeighbourService(project, backbone)) {
            new ExtractFeatures(project, backbone).run(ProgressListener.NONE, new CancellationToken());
            ProjectData data = ProjectData.read(project.database());

            assertThatThrownBy(() -> service.nearestKnownPositives(data.images().get(0).id(),
                    data.categories().get(0).id(), 4))
                    .isInstanceOf(UserInputException.class)
                    .hasMessageStartingWith("nearest known positives need a trained model version");
        }
    }

    /**
     * Runs the version's head on one image at a time and ranks the positives by a cosine computed
     * in doubles, apart from the service's batches and unit vectors.
     */
    private static List<RegionNeighbourService.Neighbour> independentRanking(Project project, Backbone backbone,
            ProjectData data, Category category, ImageRecord query, List<Long> positives) throws Exception {
        ModelVersions.Loaded version = ModelVersions.load(project, ModelVersions.findLatest(project).orElseThrow());
        int column = TrainedVersionLookup.column(version, category.id());
        FeatureCache cache = backbone.openCache(project.featuresFolder());
        try (NDManager manager = Djl.newBaseManager(Device.cpu()); NoGradient noGradient = NoGradient.enter()) {
            TrmModel model = Scoring.model(manager, version.contents());
            float[] queryFeature = representation(model, cache.read(query.sha256()), column, manager);
            List<RegionNeighbourService.Neighbour> ranking = new ArrayList<>();
            for (ImageRecord image : data.images()) {
                if (positives.contains(image.id())) {
                    float[] feature = representation(model, cache.read(image.sha256()), column, manager);
                    ranking.add(new RegionNeighbourService.Neighbour(image.id(), cosine(queryFeature, feature)));
                }
            }
            ranking.sort(Comparator.comparingDouble(RegionNeighbourService.Neighbour::similarity).reversed());
            return ranking;
        }
    }

    private static float[] representation(TrmModel model, FeatureEntry entry, int column, NDManager manager) {
        NDArray dense = entry.denseArray(manager).expandDims(0); // (1, h, w, d)
        NDArray global = entry.globalArray(manager).expandDims(0); // (1, d)
        return model.head().forward(dense, global, model.textSide().embed()).regionFeatures()
                .get(new NDIndex("0, {}, :", column)).toFloatArray(); // (d)
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double squaresA = 0;
        double squaresB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            squaresA += (double) a[i] * a[i];
            squaresB += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(squaresA * squaresB);
    }

    private static Category mostPositives(Project project, ProjectData data) {
        return data.categories().stream().max(Comparator.comparingInt(
                (Category category) -> positives(project, category.id()).size())).orElseThrow();
    }

    private static List<Long> positives(Project project, long categoryId) {
        List<Long> ids = new ArrayList<>();
        project.database().read(connection -> {
            new LabelRepository(connection).forEachLabel((Label label) -> {
                if (label.categoryId() == categoryId && label.state() == CellState.POSITIVE) {
                    ids.add(label.imageId());
                }
            });
            return null;
        });
        return ids;
    }

    private Project project() {
        Project project = Project.create(temp.resolve("project"), "neighbours");
        new DatasetWriter(project.database()).write(DemoDataset.write(temp.resolve("scenes"), 40, 0, 7, 48),
                new ImportOptions("tester", false, new MissingLabelSimulation(0.7, 3)), ProgressReporter.NONE);
        return project;
    }

    private static Backbone backbone(Path checkpoint) {
        return Backbone.open(BackboneSettings.defaults().withModel(checkpoint.toString()).withDevice("cpu"),
                new ModelLocator(new ModelCache(checkpoint.resolveSibling("cache")),
                        RegionNeighbourServiceTest.class.getClassLoader()));
    }
}
