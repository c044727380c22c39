package org.regiontag.engine.heatmap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.image.ImageDecodeException;
import org.regiontag.db.image.ImageDecoder;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ImageFeatures;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.features.FeatureEntry;
import org.regiontag.engine.features.FeatureShape;
import org.regiontag.engine.pipeline.Scoring;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.VectorMath;
import org.regiontag.engine.train.Matching;
import org.regiontag.engine.train.NoGradient;
import org.regiontag.engine.train.TrmModel;
import org.regiontag.engine.train.heads.HeadOutput;
import org.regiontag.engine.train.text.TextEmbeddings;

/**
 * Per-category heatmaps of a project's images, for the command line and the application.
 *
 * <p>Both kinds come from the image's dense features: read from the feature cache when they are
 * there (a memory-mapped read, then a few milliseconds of arithmetic), else computed by the backbone
 * and cached. The text-pixel map is computed in Java; the region map runs the newest trained
 * version's head on the one image, with the version's model built once and kept until it changes.
 * Maps cover the square network input, which is the whole image resized, so they are drawn over the
 * whole image.
 *
 * <p>Thread-safe: calls are serialised. {@link #close()} frees the kept model.
 */
public final class HeatmapService implements AutoCloseable {

    private final Project project;
    private final Backbone backbone;
    private final ImageDecoder decoder = new ImageDecoder();
    private NDManager modelManager;
    private TrmModel model;
    private ModelVersions.Loaded modelVersion;
    private final TrainedVersionLookup versions;

    public HeatmapService(Project project, Backbone backbone) {
        this.project = project;
        this.backbone = backbone;
        this.versions = new TrainedVersionLookup(project, backbone);
    }

    /**
     * Computes a map over the dense-feature grid.
     *
     * @throws UserInputException when the image or category is unknown, the image cannot be read,
     *     or a region map is asked for without a trained version that has them
     */
    public synchronized SimilarityMap map(long imageId, long categoryId, HeatmapKind kind) throws IOException {
        ImageRecord image = image(imageId);
        Category category = category(categoryId);
        Dense dense = dense(image);
        Optional<ModelVersions.Loaded> trained = versions.find(kind == HeatmapKind.REGION, "region.noVersion",
                "region.mismatch");
        if (kind == HeatmapKind.TEXT_PIXEL) {
            float[] positive = trained.isPresent() ? trained.get().contents().positive()[TrainedVersionLookup.column(trained.get(), category.id())]
                    : backbone.promptEmbeddings(List.of(category.promptName()))[0];
            return textPixel(dense, positive);
        }
        return region(dense, trained.orElseThrow(), TrainedVersionLookup.column(trained.orElseThrow(), category.id()));
    }

    /** Computes a map and draws it over the decoded image with {@code style}. */
    public BufferedImage overlay(long imageId, long categoryId, HeatmapKind kind, HeatmapStyle style)
            throws IOException {
        SimilarityMap map = map(imageId, categoryId, kind);
        return overlay(decode(image(imageId)), map, style);
    }

    /**
     * Draws a map over an image the caller already has, such as the one on screen (upright, as the
     * decoder returns it).
     */
    public static BufferedImage overlay(BufferedImage image, SimilarityMap map, HeatmapStyle style) {
        return HeatmapRenderer.overlay(image, map, new Rectangle(0, 0, image.getWidth(), image.getHeight()), style);
    }

    /** The dense features of one image, (height, width, embedDim) row-major, and the global embedding. */
    private record Dense(float[] values, int height, int width, int embedDim, float[] global) {
    }

    private Dense dense(ImageRecord image) throws IOException {
        FeatureCache cache = FeatureCache.openIfExists(project.featuresFolder(), backbone.featureKey().cacheKey());
        if (cache == null || !cache.contains(image.sha256())) {
            cache = extract(image, cache);
        }
        // Read back even after extracting, so that a map never changes once its features are cached
        // (the cache stores float16).
        FeatureEntry entry = cache.read(image.sha256());
        return new Dense(entry.dense(), entry.shape().height(), entry.shape().width(), entry.shape().embedDim(),
                entry.global());
    }

    /** Runs the backbone on one image and caches its features; returns the cache. */
    private FeatureCache extract(ImageRecord image, FeatureCache cache) throws IOException {
        BufferedImage decoded = decode(image);
        int size = backbone.imageSize();
        try (NDManager manager = Djl.newBaseManager(backbone.device())) {
            NDArray pixels = manager.create(backbone.clip().preprocessor().square(decoded, size),
                    new Shape(1, 3, size, size)); // (1, 3, size, size)
            try (ImageFeatures features = backbone.clip().encodeImageDense(pixels, backbone.denseMode())) {
                Shape shape = features.dense().getShape(); // (1, h, w, embedDim)
                FeatureCache target = cache != null ? cache : FeatureCache.open(project.featuresFolder(),
                        backbone.featureKey(), backbone.modelName(),
                        new FeatureShape((int) shape.get(3), (int) shape.get(1), (int) shape.get(2)));
                target.put(image.sha256(), features.global().get(0), features.dense().get(0)); // (d), (h, w, d)
                return target;
            }
        }
    }

    private static SimilarityMap textPixel(Dense dense, float[] positive) {
        float[] unit = VectorMath.normalise(positive);
        int locations = dense.height() * dense.width();
        float[] values = new float[locations];
        for (int j = 0; j < locations; j++) {
            double dot = 0;
            double squares = 0;
            int offset = j * dense.embedDim();
            for (int d = 0; d < dense.embedDim(); d++) {
                float feature = dense.values()[offset + d];
                dot += feature * unit[d];
                squares += (double) feature * feature;
            }
            values[j] = squares == 0 ? 0f : (float) (dot / Math.sqrt(squares));
        }
        return new SimilarityMap(values, dense.height(), dense.width());
    }

    private SimilarityMap region(Dense dense, ModelVersions.Loaded version, int column) {
        if (version.contents().config().matching() == Matching.IMAGE) {
            throw new UserInputException(HeatmapMessages.format("region.imageMatching", version.row().id()));
        }
        TrmModel head = model(version);
        try (NDManager manager = modelManager.newSubManager(); NDScope scope = new NDScope();
                NoGradient noGradient = NoGradient.enter()) {
            scope.suppressNotUsedWarning();
            NDArray denseArray = manager.create(dense.values(),
                    new Shape(1, dense.height(), dense.width(), dense.embedDim())); // (1, h, w, d)
            NDArray global = manager.create(dense.global(), new Shape(1, dense.embedDim())); // (1, d)
            TextEmbeddings text = head.textSide().embed();
            HeadOutput output = head.head().forward(denseArray, global, text);
            NDArray map = output.regionMaps().orElseThrow().get(0).get(column); // (h, w)
            return new SimilarityMap(map.toFloatArray(), dense.height(), dense.width());
        }
    }

    private TrmModel model(ModelVersions.Loaded version) {
        if (modelVersion == null || modelVersion.row().id() != version.row().id()) {
            closeModel();
            modelManager = Djl.newBaseManager(backbone.device());
            model = Scoring.model(modelManager, version.contents());
            modelVersion = version;
        }
        return model;
    }

    private ImageRecord image(long imageId) {
        ImageRecord image = project.database().read(connection -> new ImageRepository(connection)
                .findImageById(imageId)).orElseThrow(() -> new UserInputException(
                        HeatmapMessages.format("image.notFound", imageId)));
        if (image.status() != ImageStatus.OK || image.sha256() == null) {
            throw new UserInputException(HeatmapMessages.format("image.notUsable", image.path(),
                    image.status().storeName(), image.statusReason()));
        }
        return image;
    }

    private Category category(long categoryId) {
        return project.database().read(connection -> new CategoryRepository(connection).findCategoryById(categoryId))
                .orElseThrow(() -> new UserInputException(HeatmapMessages.format("category.notFound", categoryId)));
    }

    private BufferedImage decode(ImageRecord image) {
        Path file = project.database().read(connection -> new DatasetRootRepository(connection)
                .findRootById(image.rootId())).orElseThrow().path().resolve(image.path());
        try {
            return decoder.decode(file);
        } catch (ImageDecodeException e) {
            throw new UserInputException(HeatmapMessages.format("image.decode", file, e.reason()), e);
        }
    }

    private void closeModel() {
        if (modelManager != null) {
            modelManager.close();
            modelManager = null;
            model = null;
            modelVersion = null;
        }
    }

    @Override
    public synchronized void close() {
        closeModel();
    }
}
