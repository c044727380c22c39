package org.regiontag.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.CachedFeatures;
import org.regiontag.engine.project.ProjectData;
import org.regiontag.engine.project.ZeroShotScores;
import org.regiontag.engine.train.FeatureSource;

/**
 * What a job works on: the project, its backbone and feature cache, a snapshot of the store taken
 * after the zero-shot scores were brought up to date, and the rows of the snapshot that have cached
 * features (the only images a model can score).
 */
final class Workspace {

    final Project project;
    final Backbone backbone;
    final FeatureCache cache;
    final ProjectData data;
    /** Rows of {@link #data} with cached features and zero-shot scores, in image id order. */
    final int[] featureRows;
    /** Usable images without cached features, left out until they are extracted. */
    final int withoutFeatures;

    private Workspace(Project project, Backbone backbone, FeatureCache cache, ProjectData data, int[] featureRows,
            int withoutFeatures) {
        this.project = project;
        this.backbone = backbone;
        this.cache = cache;
        this.data = data;
        this.featureRows = featureRows;
        this.withoutFeatures = withoutFeatures;
    }

    /**
     * Opens the backbone's cache, scores the images that lack zero-shot scores and reads the store.
     *
     * @throws UserInputException when the project has no category or no image with features
     */
    static Workspace prepare(Project project, Backbone backbone, ProgressListener listener, CancellationToken token) {
        FeatureCache cache = backbone.openCache(project.featuresFolder());
        ZeroShotScores.update(project.database(), backbone, cache, listener, token);
        ProjectData data = ProjectData.read(project.database());
        if (data.categoryCount() == 0) {
            throw new UserInputException(PipelineMessages.format("project.noCategories", project.folder()));
        }
        List<Integer> rows = new ArrayList<>();
        int without = 0;
        for (int row = 0; row < data.images().size(); row++) {
            if (cache.contains(data.images().get(row).sha256()) && data.hasZeroShot(row)) {
                rows.add(row);
            } else {
                without++;
            }
        }
        if (rows.isEmpty()) {
            throw new UserInputException(PipelineMessages.format("project.noFeatures", project.folder(),
                    backbone.modelName()));
        }
        return new Workspace(project, backbone, cache, data, rows.stream().mapToInt(Integer::intValue).toArray(),
                without);
    }

    /** The feature rows outside the test split: what training uses. */
    int[] trainingRows() {
        return java.util.Arrays.stream(featureRows).filter(row -> !data.isTest(row)).toArray();
    }

    /** The cached features of the given rows of {@link #data}, in that order. */
    FeatureSource features(int[] rows) {
        List<String> hashes = new ArrayList<>(rows.length);
        for (int row : rows) {
            hashes.add(data.images().get(row).sha256());
        }
        return new CachedFeatures(cache, hashes);
    }
}
