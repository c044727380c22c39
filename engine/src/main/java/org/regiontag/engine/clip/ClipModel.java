package org.regiontag.engine.clip;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.image.ClipPreprocessor;
import org.regiontag.engine.clip.nn.ClipBlock;
import org.regiontag.engine.clip.nn.TextTransformer;
import org.regiontag.engine.clip.nn.VisionTransformer;
import org.regiontag.engine.clip.resnet.ModifiedResNet;
import org.regiontag.engine.clip.resnet.ResNetFeatures;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;
import org.regiontag.engine.clip.safetensors.SafetensorsFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A frozen CLIP checkpoint ready for inference: configuration, tokenizer, preprocessing and the
 * two towers with their weights, on one device.
 *
 * <p>It owns a root {@link NDManager} that contains the weights; {@link #close()} frees them. Every
 * {@code encode} method works inside its own {@link NDScope}, so nothing but its result survives
 * the call, and returns its result on the manager of its input (or the given target). The weights
 * are frozen, so these calls record no gradients even inside a {@code GradientCollector}; to learn
 * prompt contexts, call {@link TextTransformer#encodeTokenEmbeddings} on {@link #text()} directly
 * with embeddings that require gradients.
 *
 */
public final class ClipModel implements AutoCloseable {

    public static final String CONFIG_FILE = "config.json";
    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private static final Logger LOG = LoggerFactory.getLogger(ClipModel.class);

    private final Path folder;
    private final ClipConfig config;
    private final ClipTokenizer tokenizer;
    private final ClipPreprocessor preprocessor;
    private final NDManager manager;
    private final ClipBlock block;
    private final ParameterStore store;
    private final float logitScale;
    private volatile String fingerprint;

    private ClipModel(Path folder, ClipConfig config, ClipTokenizer tokenizer, ClipPreprocessor preprocessor,
            NDManager manager, ClipBlock block) {
        this.folder = folder;
        this.config = config;
        this.tokenizer = tokenizer;
        this.preprocessor = preprocessor;
        this.manager = manager;
        this.block = block;
        this.store = new ParameterStore(manager, false);
        this.logitScale = (float) Math.exp(block.logitScale().getArray().getFloat());
    }

    /**
     * Loads a checkpoint folder: {@code config.json}, {@code model.safetensors} and
     * {@code tokenizer.json}, and {@code preprocessor_config.json} when present.
     *
     * @throws UserInputException when a file is missing or invalid, or a tensor is missing or has
     *     the wrong shape. The message names the file and the tensor.
     */
    public static ClipModel load(Path folder, Device device) {
        long start = System.nanoTime();
        if (!Files.isDirectory(folder)) {
            throw new UserInputException(ClipMessages.format("checkpoint.notFolder", folder));
        }
        ClipConfig config = ClipConfigReader.read(folder.resolve(CONFIG_FILE));
        ClipPreprocessor preprocessor = new ClipPreprocessor(PreprocessConfigReader.read(folder,
                config.vision().imageSize()));

        ClipTokenizer tokenizer = ClipTokenizer.load(folder.resolve(TOKENIZER_FILE), config.text().contextLength());
        NDManager manager = null;
        try (SafetensorsFile weights = SafetensorsFile.open(folder.resolve(WEIGHTS_FILE))) {
            checkVocabulary(tokenizer, config);
            manager = Djl.newBaseManager(device);
            ClipBlock block = new ClipBlock(config);
            CheckpointLoader.load(block, weights, manager);
            block.freezeParameters(true);
            LOG.info("loaded CLIP checkpoint {} ({} layout, {}, embedDim {}) on {} in {} ms", folder,
                    config.layout(), describeTower(config.vision()), config.embedDim(), device,
                    (System.nanoTime() - start) / 1_000_000);
            return new ClipModel(folder, config, tokenizer, preprocessor, manager, block);
        } catch (RuntimeException e) {
            tokenizer.close();
            if (manager != null) {
                manager.close();
            }
            throw e;
        }
    }

    private static String describeTower(VisionConfig vision) {
        if (vision instanceof VitConfig vit) {
            return "ViT " + vit.patchSize() + "/" + vit.imageSize() + " px";
        }
        ResNetVisionConfig resNet = (ResNetVisionConfig) vision;
        return "ResNet " + resNet.layers() + " width " + resNet.width() + " at " + resNet.imageSize() + " px";
    }

    private static void checkVocabulary(ClipTokenizer tokenizer, ClipConfig config) {
        int vocabSize = config.text().vocabSize();
        if (tokenizer.startId() >= vocabSize) {
            throw new UserInputException(ClipMessages.format("checkpoint.vocabSize", tokenizer.file(),
                    tokenizer.startId(), ClipTokenizer.START_OF_TEXT, vocabSize));
        }
        if (tokenizer.endId() >= vocabSize) {
            throw new UserInputException(ClipMessages.format("checkpoint.vocabSize", tokenizer.file(),
                    tokenizer.endId(), ClipTokenizer.END_OF_TEXT, vocabSize));
        }
    }

    /** Returns the checkpoint folder. */
    public Path folder() {
        return folder;
    }

    public ClipConfig config() {
        return config;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    /** Returns the checkpoint's own preprocessing (resize of the shortest side, centre crop) and the square mode. */
    public ClipPreprocessor preprocessor() {
        return preprocessor;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Returns the DJL block with the (frozen) weights, for callers that run its towers themselves. */
    public ClipBlock block() {
        return block;
    }

    /**
     * Returns the ViT image tower.
     *
     * @throws IllegalStateException when the checkpoint's image tower is a ResNet
     */
    public VisionTransformer visual() {
        return block.visual();
    }

    /**
     * Returns the ResNet image tower.
     *
     * @throws IllegalStateException when the checkpoint's image tower is a ViT
     */
    public ModifiedResNet resNet() {
        return block.resNet();
    }

    public TextTransformer text() {
        return block.text();
    }

    /** Returns a parameter store over the weights, for inference ({@code training = false}). */
    public ParameterStore parameterStore() {
        return store;
    }

    /** Returns the multiplier of cosine similarities into logits, {@code exp(logit_scale)} (100 in OpenAI's CLIPs). */
    public float logitScale() {
        return logitScale;
    }

    /**
     * Encodes images into the joint space.
     *
     * @param pixels {@code (batch, 3, height, width)}, preprocessed; sizes other than the
     *     checkpoint's interpolate the positional embedding
     * @return {@code (batch, embedDim)} on {@code pixels}' manager, before L2 normalisation
     */
    public NDArray encodeImage(NDArray pixels) {
        return scoped(pixels.getManager(), () -> {
            NDArray input = pixels.toDevice(device(), false); // (batch, 3, height, width)
            if (block.isResNet()) {
                return resNet().encode(store, input, false).imageEmbeds(); // (batch, embedDim)
            }
            VisionTransformer.Tokens tokens = visual().encodeTokens(store, input, false, false);
            return visual().imageEmbedding(store, tokens.output(), false); // (batch, embedDim)
        });
    }

    /**
     * Encodes images into the global embedding and dense features in the joint space.
     *
     * <p>A ViT offers two dense constructions ({@link DenseMode}). A ResNet has one, DualCoOp's
     * (every location of the last map through the attention pool's value and output
     * projections), which both modes return.
     *
     * @param pixels {@code (batch, 3, height, width)}, preprocessed (usually the square mode)
     * @return the global embedding {@code (batch, embedDim)} and dense features
     *     {@code (batch, gridHeight, gridWidth, embedDim)} on {@code pixels}' manager, where the
     *     grid is {@code height / patch} for a ViT and {@code height / downsampling} for a ResNet
     */
    public ImageFeatures encodeImageDense(NDArray pixels, DenseMode mode) {
        NDManager target = pixels.getManager();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray input = pixels.toDevice(device(), false); // (batch, 3, height, width)
            if (block.isResNet()) {
                ResNetFeatures features = resNet().encode(store, input, false); // (batch, embedDim), (batch, h, w, embedDim)
                return new ImageFeatures(keep(features.imageEmbeds(), target), keep(features.denseFeatures(), target));
            }
            VisionTransformer.Tokens tokens = visual().encodeTokens(store, input, mode == DenseMode.VALUE_PATH, false);
            NDArray global = visual().imageEmbedding(store, tokens.output(), false); // (batch, embedDim)
            NDArray dense = mode == DenseMode.VALUE_PATH
                    ? visual().valuePathDense(store, tokens, false) // (batch, gridHeight, gridWidth, embedDim)
                    : visual().projectedDense(store, tokens, false); // (batch, gridHeight, gridWidth, embedDim)
            return new ImageFeatures(keep(global, target), keep(dense, target));
        }
    }

    /**
     * Tokenizes and encodes prompts, each padded only to the longest of the batch.
     *
     * @return {@code (texts, embedDim)} on {@code target}, in the order given, before L2 normalisation
     * @throws UserInputException when a prompt is longer than the context length
     */
    public NDArray encodeText(List<String> texts, NDManager target) {
        if (texts.isEmpty()) {
            return target.zeros(new Shape(0, config.embedDim()));
        }
        ClipTokenizer.TokenBatch batch = tokenizer.encodeBatch(texts, false);
        return scoped(target, () -> {
            NDArray ids = manager.create(batch.ids(), new Shape(batch.batch(), batch.length())); // (texts, tokens)
            NDArray eot = manager.create(batch.eotPositions()); // (texts,)
            NDArray embeddings = text().embedTokens(store, ids, false); // (texts, tokens, width)
            return text().encodeTokenEmbeddings(store, embeddings, eot, false); // (texts, embedDim)
        });
    }

    /**
     * Encodes prompts given as token embeddings, for frozen use; see
     * {@link TextTransformer#encodeTokenEmbeddings} for the shapes and for training.
     *
     * @return {@code (batch, embedDim)} on {@code embeddings}' manager
     */
    public NDArray encodeTokenEmbeddings(NDArray embeddings, NDArray eotPositions) {
        return scoped(embeddings.getManager(), () -> text().encodeTokenEmbeddings(store,
                embeddings.toDevice(device(), false), eotPositions.toDevice(device(), false), false));
    }

    /**
     * Identifies the backbone for the feature cache: SHA-256 over {@code config.json}, the
     * preprocessing settings and the whole weights file, in lower-case hex. Reading the weights
     * takes about a second per gigabyte the first time; the value is then kept.
     */
    public String fingerprint() {
        String value = fingerprint;
        if (value == null) {
            value = computeFingerprint();
            fingerprint = value;
        }
        return value;
    }

    private String computeFingerprint() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        try {
            digest.update("regiontag-clip-backbone-v1\n".getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(folder.resolve(CONFIG_FILE)));
            digest.update(preprocessor.config().toString().getBytes(StandardCharsets.UTF_8));
            try (InputStream in = new DigestInputStream(Files.newInputStream(folder.resolve(WEIGHTS_FILE)), digest)) {
                byte[] buffer = new byte[1 << 20];
                while (in.read(buffer) >= 0) {
                    // DigestInputStream updates the digest as it reads.
                }
            }
        } catch (IOException e) {
            throw new UserInputException(ClipMessages.format("config.unreadable", folder, e.getMessage()), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static NDArray scoped(NDManager target, Supplier<NDArray> body) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return keep(body.get(), target);
        }
    }

    /** Takes a result out of the enclosing scope and gives it to {@code target}. */
    private static NDArray keep(NDArray result, NDManager target) {
        NDScope.unregister(result);
        NDArray moved = result.toDevice(target.getDevice(), false);
        if (moved != result) {
            NDScope.unregister(moved);
            result.close();
        }
        moved.attach(target);
        return moved;
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
