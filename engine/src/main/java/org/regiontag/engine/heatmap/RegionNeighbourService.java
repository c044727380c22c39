package org.regiontag.engine.heatmap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.engine.Djl;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.features.FeatureEntry;
import org.regiontag.engine.features.FeatureShape;
import org.regiontag.engine.pipeline.Scoring;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.VectorMath;
import org.regiontag.engine.train.NoGradient;
import org.regiontag.engine.train.TrmModel;
import org.regiontag.engine.train.text.TextEmbeddings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The known-positive images whose region representation of a category is nearest to one image's,
 * for "why this suggestion".
 *
 * <p>The representation is what the newest trained version's matching head computes a category's
 * score from ({@code HeadOutput.regionFeatures}: CARL's f_c under region matching), run on the
 * images' cached dense features. The store keeps no such vectors, so they are computed here: for
 * the known positives of a category, the {@link #DEFAULT_MAX_POSITIVES} most recently labeled, once
 * per model version and category, then kept until a newer version is registered.
 *
 * <p>Thread-safe: calls are serialised. {@link #close()} frees the kept model.
 */
public final class RegionNeighbourService implements AutoCloseable {

    /**
     * Maximum known positives compared with per category. It is large enough that the nearest are
     * typical examples, and small enough that the first call per category runs the head on at most
     * this many images.
     */
    public static final int DEFAULT_MAX_POSITIVES = 256;
    /** Images per forward pass of the head, which bounds the native memory of one pass. */
    private static final int BATCH = 32;
    private static final Logger LOG = LoggerFactory.getLogger(RegionNeighbourService.class);

    private final Project project;
    private final Backbone backbone;
    private final int maxPositives;
    private final TrainedVersionLookup versions;
    private NDManager modelManager;
    private TrmModel model;
    private long modelVersionId = -1;
    /** Unit representations of the known positives, by category id, for {@link #modelVersionId}. */
    private final Map<Long, Memory> memories = new HashMap<>();

    /**
     * A neighbour.
     *
     * @param imageId the known-positive image
     * @param similarity the cosine similarity of its representation to the query image's, in [-1, 1]
     */
    public record Neighbour(long imageId, double similarity) {
    }

    /** Known positives with their unit-length representations, row {@code i} belonging to {@code imageIds[i]}. */
    private record Memory(long[] imageIds, float[][] units) {
    }

    public RegionNeighbourService(Project project, Backbone backbone) {
        this(project, backbone, DEFAULT_MAX_POSITIVES);
    }

    /** @param maxPositives known positives compared with per category, the most recently labeled */
    public RegionNeighbourService(Project project, Backbone backbone, int maxPositives) {
        if (maxPositives < 1) {
            throw new IllegalArgumentException("maxPositives must be at least 1, got " + maxPositives);
        }
        this.project = project;
        this.backbone = backbone;
        this.maxPositives = maxPositives;
        this.versions = new TrainedVersionLookup(project, backbone);
    }

    /**
     * Returns up to {@code count} known positives of the category, nearest first by cosine
     * similarity, leaving out the image itself. Known positives whose features are not cached are
     * left out too.
     *
     * @throws UserInputException when the project has no trained version that fits it, or the
     *     image's features are not cached
     */
    public synchronized List<Neighbour> nearestKnownPositives(long imageId, long categoryId, int count)
            throws IOException {
        ModelVersions.Loaded version = versions.find(true, "neighbours.noVersion", "neighbours.mismatch")
                .orElseThrow();
        int column = TrainedVersionLookup.column(version, categoryId);
        FeatureCache cache = backbone.openCache(project.featuresFolder());
        ImageRecord image = project.database().read(connection -> new ImageRepository(connection)
                .findImageById(imageId)).orElseThrow(() -> new UserInputException(
                        HeatmapMessages.format("image.notFound", imageId)));
        if (image.sha256() == null || !cache.contains(image.sha256())) {
            throw new UserInputException(HeatmapMessages.format("neighbours.notExtracted", image.path()));
        }

        float[] query = representations(version, column, cache, List.of(image.sha256()))[0];
        Memory memory = memory(version, column, categoryId, cache);

        List<Neighbour> ranked = new ArrayList<>();
        for (int i = 0; i < memory.imageIds().length; i++) {
            if (memory.imageIds()[i] != imageId) {
                ranked.add(new Neighbour(memory.imageIds()[i], dot(query, memory.units()[i])));
            }
        }
        ranked.sort(Comparator.comparingDouble(Neighbour::similarity).reversed()
                .thenComparingLong(Neighbour::imageId));
        return List.copyOf(ranked.subList(0, Math.min(count, ranked.size())));
    }

    private Memory memory(ModelVersions.Loaded version, int column, long categoryId, FeatureCache cache)
            throws IOException {
        // model(version) has already run for the query image and cleared the memories of an older version.
        Memory kept = memories.get(categoryId);
        if (kept != null) {
            return kept;
        }
        List<Long> positives = project.database().read(connection -> new LabelRepository(connection)
                .findPositiveImageIdsByCategory(categoryId, maxPositives));
        List<Long> ids = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        project.database().read(connection -> {
            ImageRepository images = new ImageRepository(connection);
            for (long id : positives) {
                images.findImageById(id).filter(found -> found.sha256() != null && cache.contains(found.sha256()))
                        .ifPresent(found -> {
                            ids.add(id);
                            hashes.add(found.sha256());
                        });
            }
            return null;
        });
        if (ids.size() < positives.size()) {
            LOG.info("{} of {} known positives of category {} have no cached features and are left out",
                    positives.size() - ids.size(), positives.size(), categoryId);
        }

        float[][] units = representations(version, column, cache, hashes);
        Memory memory = new Memory(ids.stream().mapToLong(Long::longValue).toArray(), units);
        memories.put(categoryId, memory);
        LOG.debug("Computed the region representations of {} known positives of category {} with model version {}",
                ids.size(), categoryId, version.row().id());
        return memory;
    }

    /** Runs the version's head on the images' cached features and returns each image's unit representation of the category. */
    private float[][] representations(ModelVersions.Loaded version, int column, FeatureCache cache,
            List<String> hashes) throws IOException {
        TrmModel head = model(version);
        FeatureShape shape = cache.shape();
        int locations = shape.height() * shape.width() * shape.embedDim();
        float[][] units = new float[hashes.size()][];
        for (int start = 0; start < hashes.size(); start += BATCH) {
            int size = Math.min(BATCH, hashes.size() - start);
            float[] dense = new float[size * locations];
            float[] global = new float[size * shape.embedDim()];
            for (int i = 0; i < size; i++) {
                FeatureEntry entry = cache.read(hashes.get(start + i));
                System.arraycopy(entry.dense(), 0, dense, i * locations, locations);
                System.arraycopy(entry.global(), 0, global, i * shape.embedDim(), shape.embedDim());
            }
            try (NDManager manager = modelManager.newSubManager(); NDScope scope = new NDScope();
                    NoGradient noGradient = NoGradient.enter()) {
                scope.suppressNotUsedWarning();
                NDArray denseArray = manager.create(dense,
                        new Shape(size, shape.height(), shape.width(), shape.embedDim())); // (b, h, w, d)
                NDArray globalArray = manager.create(global, new Shape(size, shape.embedDim())); // (b, d)
                TextEmbeddings text = head.textSide().embed();
                NDArray features = head.head().forward(denseArray, globalArray, text).regionFeatures()
                        .get(new NDIndex(":, {}, :", column)); // (b, d)
                float[] values = features.toFloatArray();
                int embedDim = (int) features.getShape().get(1);
                for (int i = 0; i < size; i++) {
                    float[] row = new float[embedDim];
                    System.arraycopy(values, i * embedDim, row, 0, embedDim);
                    units[start + i] = VectorMath.normalise(row);
                }
            }
        }
        return units;
    }

    private TrmModel model(ModelVersions.Loaded version) {
        if (model == null || modelVersionId != version.row().id()) {
            closeModel();
            modelManager = Djl.newBaseManager(backbone.device());
            model = Scoring.model(modelManager, version.contents());
            modelVersionId = version.row().id();
        }
        return model;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private void closeModel() {
        if (modelManager != null) {
            modelManager.close();
            modelManager = null;
            model = null;
        }
        modelVersionId = -1;
        memories.clear();
    }

    @Override
    public synchronized void close() {
        closeModel();
    }
}
