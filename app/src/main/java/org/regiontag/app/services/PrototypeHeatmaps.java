package org.regiontag.app.services;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.db.repo.ModelVersionRepository;
import org.regiontag.db.repo.Prototype;
import org.regiontag.db.repo.PrototypeKind;
import org.regiontag.db.repo.PrototypeRepository;
import org.regiontag.engine.features.CorruptEntryException;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.features.FeatureCacheManifest;
import org.regiontag.engine.features.FeatureEntry;
import org.regiontag.engine.features.FeatureShape;
import org.regiontag.engine.heatmap.SimilarityMap;

/**
 * Heatmaps computed from what the project already holds: the dense features in its feature cache
 * and the prototypes of its newest model version. Each location's score is the cosine similarity
 * between its dense feature and the category's prototype: the text prototype (the learned prompt's
 * text embedding) for {@link MapKind#TEXT_PIXEL}, and the visual prototype, the best of its centres,
 * for {@link MapKind#REGION}.
 *
 * <p>The feature folder is the one whose manifest names the model version's backbone, or else the
 * newest folder whose embedding size matches the prototypes.
 *
 * <p>Thread-safe: the version, prototypes and folder are re-read when the newest version changes.
 */
public final class PrototypeHeatmaps implements HeatmapSource {

    private final Project project;
    private CachedVersion cached;

    public PrototypeHeatmaps(Project project) {
        this.project = project;
    }

    @Override
    public Heatmap heatmap(ImageRecord image, Category category, MapKind kind) throws IOException {
        if (image.sha256() == null) {
            return Heatmap.unavailable(Messages.format("heatmap.imageMissing", image.path()));
        }
        Optional<CachedVersion> version = version();
        if (version.isEmpty()) {
            return Heatmap.unavailable(Messages.format("heatmap.noModel"));
        }

        List<float[]> prototypes = version.get().prototypes(category.id(),
                kind == MapKind.TEXT_PIXEL ? PrototypeKind.TEXT : PrototypeKind.VISUAL);
        if (prototypes.isEmpty()) {
            return Heatmap.unavailable(Messages.format(kind == MapKind.TEXT_PIXEL ? "heatmap.noTextPrototype"
                    : "heatmap.noVisualPrototype", category.name(), version.get().version.id()));
        }
        FeatureCache cache = version.get().featureCache(prototypes.get(0).length);
        if (cache == null) {
            return Heatmap.unavailable(Messages.format("heatmap.noFeatures", version.get().version.backbone()));
        }

        FeatureEntry entry;
        try {
            entry = cache.read(image.sha256());
        } catch (NoSuchFileException e) {
            return Heatmap.unavailable(Messages.format("heatmap.notExtracted", image.path()));
        } catch (CorruptEntryException e) {
            return Heatmap.unavailable(Messages.format("heatmap.corrupt", image.path()));
        }
        FeatureShape shape = cache.shape();
        float[] scores = bestCosine(entry.dense(), shape.embedDim(), prototypes);
        return Heatmap.of(new SimilarityMap(scores, shape.height(), shape.width()),
                cache.manifest().key().preprocessing().mode());
    }

    /**
     * Returns, for each location of a dense map {@code (locations, embedDim)}, the highest cosine
     * similarity to any of the prototypes; a zero vector scores 0.
     */
    static float[] bestCosine(float[] dense, int embedDim, List<float[]> prototypes) {
        int locations = dense.length / embedDim;
        float[] best = new float[locations];
        java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (float[] prototype : prototypes) {
            double prototypeNorm = norm(prototype, 0, embedDim);
            for (int location = 0; location < locations; location++) {
                int offset = location * embedDim;
                double dot = 0;
                for (int k = 0; k < embedDim; k++) {
                    dot += (double) dense[offset + k] * prototype[k];
                }
                double denominator = norm(dense, offset, embedDim) * prototypeNorm;
                float cosine = denominator == 0 ? 0f : (float) (dot / denominator);
                best[location] = Math.max(best[location], cosine);
            }
        }
        return best;
    }

    private static double norm(float[] values, int offset, int length) {
        double sum = 0;
        for (int k = 0; k < length; k++) {
            sum += (double) values[offset + k] * values[offset + k];
        }
        return Math.sqrt(sum);
    }

    private synchronized Optional<CachedVersion> version() {
        Optional<ModelVersion> latest = project.database().read(connection ->
                new ModelVersionRepository(connection).findLatestModelVersion());
        if (latest.isEmpty()) {
            cached = null;
            return Optional.empty();
        }
        if (cached == null || cached.version.id() != latest.get().id()) {
            List<Prototype> prototypes = project.database().read(connection ->
                    new PrototypeRepository(connection).findPrototypesByVersion(latest.get().id()));
            cached = new CachedVersion(latest.get(), prototypes);
        }
        return Optional.of(cached);
    }

    /** The newest model version with its prototypes and, once found, its feature folder. */
    private final class CachedVersion {
        final ModelVersion version;
        final List<Prototype> prototypes;
        FeatureCache featureCache;

        CachedVersion(ModelVersion version, List<Prototype> prototypes) {
            this.version = version;
            this.prototypes = prototypes;
        }

        List<float[]> prototypes(long categoryId, PrototypeKind kind) {
            List<float[]> vectors = new ArrayList<>();
            for (Prototype prototype : prototypes) {
                if (prototype.categoryId() == categoryId && prototype.kind() == kind) {
                    vectors.add(prototype.vector());
                }
            }
            return vectors;
        }

        synchronized FeatureCache featureCache(int embedDim) throws IOException {
            if (featureCache != null && featureCache.shape().embedDim() == embedDim) {
                return featureCache;
            }
            List<FeatureCache.CacheFolder> folders = FeatureCache.list(project.featuresFolder());
            Optional<FeatureCache.CacheFolder> chosen = folders.stream()
                    .filter(folder -> folder.manifest().map(FeatureCacheManifest::model)
                            .filter(version.backbone()::equals).isPresent())
                    .filter(folder -> folder.manifest().get().shape().embedDim() == embedDim)
                    .findFirst();
            if (chosen.isEmpty()) {
                chosen = folders.stream()
                        .filter(folder -> folder.manifest().filter(manifest -> manifest.shape().embedDim() == embedDim)
                                .isPresent())
                        .max(Comparator.comparing(folder -> folder.manifest().get().created()));
            }
            if (chosen.isEmpty()) {
                return null;
            }
            featureCache = FeatureCache.openExisting(project.featuresFolder(), chosen.get().cacheKey());
            return featureCache;
        }
    }
}
