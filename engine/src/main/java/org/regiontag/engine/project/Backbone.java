package org.regiontag.engine.project;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.DenseMode;
import org.regiontag.engine.clip.VitConfig;
import org.regiontag.engine.clip.image.PreprocessConfig;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.features.FeatureKey;
import org.regiontag.engine.features.PreprocessingKey;
import org.regiontag.engine.models.ModelLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A project's frozen backbone, loaded: the CLIP model of its {@link BackboneSettings}, the input
 * size and dense mode, the feature-cache key they give, and the hand-crafted prompt embeddings of
 * categories (computed once per prompt name).
 *
 * <p>Every job takes one; an application keeps one open while a project is open, because loading a
 * real checkpoint takes seconds. Closing it frees the weights.
 *
 * <p>NOTE: the CLIP model's forward passes may run on several threads at once (libtorch operators are
 * thread-safe, and each encode call works in its own scope); the prompt-embedding cache is synchronised.
 */
public final class Backbone implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Backbone.class);

    private final BackboneSettings settings;
    private final ClipModel clip;
    private final int imageSize;
    private final FeatureKey featureKey;
    private final Map<String, float[]> promptCache = new HashMap<>();

    private Backbone(BackboneSettings settings, ClipModel clip, int imageSize, FeatureKey featureKey) {
        this.settings = settings;
        this.clip = clip;
        this.imageSize = imageSize;
        this.featureKey = featureKey;
    }

    /**
     * Resolves and loads the model of {@code settings} on its device.
     *
     * @throws UserInputException when the model cannot be found or loaded, the device is not
     *     available, or the input size does not suit the model
     */
    public static Backbone open(BackboneSettings settings, ModelLocator locator) {
        Path folder = locator.resolve(settings.model());
        Device device = Djl.device(settings.device());
        ClipModel clip = ClipModel.load(folder, device);
        try {
            int size = settings.imageSize() == 0 ? clip.config().vision().imageSize() : settings.imageSize();
            checkImageSize(clip, size, settings.model());
            PreprocessConfig preprocess = clip.preprocessor().config();
            PreprocessingKey preprocessing = new PreprocessingKey(PreprocessingKey.ResizeMode.SQUARE, size,
                    floats(preprocess.mean()), floats(preprocess.std()));
            // The dense mode changes the cached dense maps, so it is part of the backbone's identity.
            FeatureKey key = new FeatureKey(clip.fingerprint() + "/dense=" + ProjectSettings.denseModeName(
                    settings.denseMode()), preprocessing);
            LOG.info("backbone {} on {}: {} px square, dense mode {}, feature key {}", settings.model(), device, size,
                    ProjectSettings.denseModeName(settings.denseMode()), key.cacheKey());
            return new Backbone(settings, clip, size, key);
        } catch (RuntimeException e) {
            clip.close();
            throw e;
        }
    }

    private static void checkImageSize(ClipModel clip, int size, String model) {
        if (clip.config().vision() instanceof VitConfig vit && size % vit.patchSize() != 0) {
            throw new UserInputException(ProjectMessages.format("backbone.imageSize.patch", size, model,
                    vit.patchSize()));
        }
    }

    public BackboneSettings settings() {
        return settings;
    }

    public ClipModel clip() {
        return clip;
    }

    public Device device() {
        return clip.device();
    }

    /** The model's name or folder as the settings give it. */
    public String modelName() {
        return settings.model();
    }

    /** The side of the square network input in pixels. */
    public int imageSize() {
        return imageSize;
    }

    public DenseMode denseMode() {
        return settings.denseMode();
    }

    /** The width of the joint embedding space. */
    public int embedDim() {
        return clip.config().embedDim();
    }

    /** The key of this backbone's features in the feature cache. */
    public FeatureKey featureKey() {
        return featureKey;
    }

    /**
     * Identifies the backbone in model versions and zero-shot scores: the model name and the
     * feature-cache key, such as {@code demo-tiny-clip@3f2a9c0b1d4e5f60}. Two backbones with the
     * same identity produce the same features.
     */
    public String identity() {
        return settings.model() + "@" + featureKey.cacheKey();
    }

    /**
     * Opens this backbone's folder of the project's feature cache for reading.
     *
     * @throws UserInputException when no feature has been extracted with this backbone
     */
    public FeatureCache openCache(Path featuresFolder) {
        try {
            return FeatureCache.openExisting(featuresFolder, featureKey.cacheKey());
        } catch (UserInputException e) {
            throw new UserInputException(ProjectMessages.format("backbone.noFeatures", settings.model(),
                    featuresFolder), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Returns the hand-crafted prompt embedding of each prompt name: the mean of the L2-normalised
     * text embeddings of every template filled with the name, normalised again (CLIP's prompt
     * ensembling; with one template, the normalised embedding of that prompt).
     *
     * @return one unit vector of {@link #embedDim()} values per name, in the order given
     * @throws UserInputException when a filled template is longer than the context length
     */
    public synchronized float[][] promptEmbeddings(List<String> promptNames) {
        List<String> missing = new ArrayList<>();
        for (String name : promptNames) {
            if (!promptCache.containsKey(name) && !missing.contains(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            encodePrompts(missing);
        }
        float[][] embeddings = new float[promptNames.size()][];
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] = promptCache.get(promptNames.get(i)).clone();
        }
        return embeddings;
    }

    private void encodePrompts(List<String> names) {
        List<String> templates = settings.promptTemplates();
        List<String> texts = new ArrayList<>(names.size() * templates.size());
        for (String name : names) {
            for (String template : templates) {
                texts.add(BackboneSettings.fill(template, name));
            }
        }
        int embedDim = embedDim();
        float[] flat;
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray encoded = clip.encodeText(texts, manager); // (names · templates, embedDim)
            flat = encoded.toFloatArray();
        }
        for (int n = 0; n < names.size(); n++) {
            double[] sum = new double[embedDim];
            for (int t = 0; t < templates.size(); t++) {
                int row = (n * templates.size() + t) * embedDim;
                double norm = norm(flat, row, embedDim);
                for (int d = 0; d < embedDim; d++) {
                    sum[d] += flat[row + d] / norm;
                }
            }
            promptCache.put(names.get(n), VectorMath.normalise(sum));
        }
    }

    private static double norm(float[] values, int offset, int length) {
        double squares = 0;
        for (int d = 0; d < length; d++) {
            squares += (double) values[offset + d] * values[offset + d];
        }
        return Math.max(Math.sqrt(squares), 1e-12);
    }

    private static List<Float> floats(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float value : values) {
            list.add(value);
        }
        return list;
    }

    @Override
    public void close() {
        clip.close();
    }
}
