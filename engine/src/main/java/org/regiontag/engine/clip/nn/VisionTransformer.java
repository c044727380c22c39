package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;
import org.regiontag.engine.clip.TransformerConfig;
import org.regiontag.engine.clip.VitConfig;

/**
 * CLIP's image tower, a vision transformer: patch embedding (a strided convolution without bias),
 * class token, positional embedding, {@code ln_pre}, pre-LN transformer blocks, {@code ln_post} and
 * the projection {@code proj} into the joint space.
 *
 * <p>Input pixels {@code (batch, 3, height, width)}, normalised as CLIP does; output through
 * {@link #forward(ParameterStore, NDList, boolean)}: the image embedding {@code (batch, embedDim)}.
 * Inputs whose patch grid differs from the checkpoint's get a bicubically interpolated positional
 * embedding.
 *
 * <p>Intermediate results of some operations attach to the parameters' manager (DJL attaches a
 * result to its first operand's), so callers run each forward inside an {@code NDScope}.
 */
public final class VisionTransformer extends ClipBaseBlock {

    private final VitConfig config;
    private final int embedDim;
    private final Parameter conv1;
    private final Parameter classEmbedding;
    private final Parameter positionalEmbedding;
    private final ClipLayerNorm lnPre;
    private final ClipTransformer transformer;
    private final ClipLayerNorm lnPost;
    private final Parameter proj;

    public VisionTransformer(VitConfig config, int embedDim) {
        this.config = config;
        this.embedDim = embedDim;
        TransformerConfig sizes = config.transformer();
        int width = sizes.width();
        int patch = config.patchSize();
        int grid = config.gridSize();
        float scale = (float) Math.pow(width, -0.5);
        this.conv1 = addParameter(normalParameter("conv1.weight", 0.02f, width, 3, patch, patch));
        this.classEmbedding = addParameter(normalParameter("class_embedding", scale, width));
        this.positionalEmbedding = addParameter(
                normalParameter("positional_embedding", scale, (long) grid * grid + 1, width));
        this.lnPre = addChildBlock("ln_pre", new ClipLayerNorm(width, sizes.layerNormEps()));
        this.transformer = addChildBlock("transformer", new ClipTransformer(sizes));
        this.lnPost = addChildBlock("ln_post", new ClipLayerNorm(width, sizes.layerNormEps()));
        this.proj = addParameter(normalParameter("proj", scale, width, embedDim));
    }

    public VitConfig config() {
        return config;
    }

    /**
     * Runs the tower up to its last block.
     *
     * @param pixels {@code (batch, 3, height, width)}; each side at least one patch
     * @param keepLastBlockInput whether to keep the last block's input for {@link #valuePathDense}
     * @return the tokens after the last block {@code (batch, 1 + gridHeight * gridWidth, width)} and
     *     the patch grid's size
     */
    public Tokens encodeTokens(ParameterStore store, NDArray pixels, boolean keepLastBlockInput, boolean training) {
        Shape shape = pixels.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3) {
            throw new IllegalArgumentException("expected pixels of shape (batch, 3, height, width), found " + shape);
        }
        int patch = config.patchSize();
        int gridHeight = (int) (shape.get(2) / patch);
        int gridWidth = (int) (shape.get(3) / patch);
        if (gridHeight == 0 || gridWidth == 0) {
            throw new IllegalArgumentException("input " + shape + " is smaller than one patch of " + patch + " pixels");
        }
        long batch = shape.get(0);
        int width = config.transformer().width();

        NDArray weight = store.getValue(conv1, pixels.getDevice(), training);
        NDArray patches = Conv2d.conv2d(pixels, weight, null, new Shape(patch, patch)).singletonOrThrow(); // (batch, width, gridHeight, gridWidth)
        NDArray sequence = patches.reshape(batch, width, (long) gridHeight * gridWidth) // (batch, width, patches)
                .transpose(0, 2, 1); // (batch, patches, width)
        NDArray classToken = store.getValue(classEmbedding, pixels.getDevice(), training)
                .reshape(1, 1, width) // (1, 1, width)
                .broadcast(batch, 1, width); // (batch, 1, width)
        NDArray tokens = classToken.concat(sequence, 1) // (batch, 1 + patches, width)
                .add(positionalEmbedding(store, gridHeight, gridWidth, pixels.getManager(), training)); // (batch, 1 + patches, width)
        NDArray hidden = lnPre.forward(store, tokens, training); // (batch, 1 + patches, width)

        int layers = transformer.layers();
        NDArray lastInput = transformer.forward(store, hidden, null, layers - 1, training); // (batch, 1 + patches, width)
        NDArray output = transformer.block(layers - 1).forward(store, lastInput, null, training); // (batch, 1 + patches, width)
        return new Tokens(output, keepLastBlockInput ? lastInput : null, gridHeight, gridWidth);
    }

    /**
     * The positional embedding for a patch grid: the checkpoint's own when the grid matches,
     * otherwise its grid part resampled bicubically (PyTorch's {@code F.interpolate}, mode
     * {@code bicubic}, {@code align_corners=False}) and the class token's row unchanged.
     *
     * @param manager the manager (and device) of the caller's step, which owns the weight matrices
     * @return {@code (1 + gridHeight * gridWidth, width)}
     */
    public NDArray positionalEmbedding(ParameterStore store, int gridHeight, int gridWidth, NDManager manager,
            boolean training) {
        ai.djl.Device device = manager.getDevice();
        NDArray embedding = store.getValue(positionalEmbedding, device, training); // (1 + grid * grid, width)
        int grid = config.gridSize();
        if (gridHeight == grid && gridWidth == grid) {
            return embedding;
        }
        int width = config.transformer().width();
        NDArray rowWeights = manager.create(BicubicInterpolation.weights(grid, gridHeight),
                new Shape(gridHeight, grid)); // (gridHeight, grid)
        NDArray columnWeights = manager.create(BicubicInterpolation.weights(grid, gridWidth),
                new Shape(gridWidth, grid)); // (gridWidth, grid)

        NDArray classRow = embedding.get("0:1"); // (1, width)
        NDArray gridPart = embedding.get("1:").reshape(grid, (long) grid * width); // (grid, grid * width)
        NDArray rowsResampled = rowWeights.matMul(gridPart) // (gridHeight, grid * width)
                .reshape(gridHeight, grid, width) // (gridHeight, grid, width)
                .transpose(1, 0, 2) // (grid, gridHeight, width)
                .reshape(grid, (long) gridHeight * width); // (grid, gridHeight * width)
        NDArray resampled = columnWeights.matMul(rowsResampled) // (gridWidth, gridHeight * width)
                .reshape(gridWidth, gridHeight, width) // (gridWidth, gridHeight, width)
                .transpose(1, 0, 2) // (gridHeight, gridWidth, width)
                .reshape((long) gridHeight * gridWidth, width); // (gridHeight * gridWidth, width)
        return classRow.concat(resampled, 0); // (1 + gridHeight * gridWidth, width)
    }

    /**
     * Computes the image embedding: the class token through {@code ln_post} and {@code proj}.
     *
     * @param tokens {@code (batch, 1 + patches, width)} from {@link #encodeTokens}
     * @return {@code (batch, embedDim)}
     */
    public NDArray imageEmbedding(ParameterStore store, NDArray tokens, boolean training) {
        NDArray classToken = tokens.get(":, 0, :"); // (batch, width)
        return project(store, lnPost.forward(store, classToken, training), training); // (batch, embedDim)
    }

    /**
     * Dense features in the joint space: every patch token of the last layer through
     * {@code ln_post} and {@code proj}.
     *
     * @return {@code (batch, gridHeight, gridWidth, embedDim)}, rows in reading order
     */
    public NDArray projectedDense(ParameterStore store, Tokens tokens, boolean training) {
        return denseOf(store, tokens.output(), tokens, training); // (batch, gridHeight, gridWidth, embedDim)
    }

    /**
     * MaskCLIP's dense features: the last block's input through that block's value path only
     * ({@link ResidualAttentionBlock#valuePath}), then {@code ln_post} and {@code proj}.
     *
     * @param tokens from {@link #encodeTokens} with the last block's input kept
     * @return {@code (batch, gridHeight, gridWidth, embedDim)}, rows in reading order
     */
    public NDArray valuePathDense(ParameterStore store, Tokens tokens, boolean training) {
        if (tokens.lastBlockInput() == null) {
            throw new IllegalArgumentException("encodeTokens must keep the last block's input for the value path");
        }
        NDArray values = transformer.block(transformer.layers() - 1)
                .valuePath(store, tokens.lastBlockInput(), training); // (batch, 1 + patches, width)
        return denseOf(store, values, tokens, training); // (batch, gridHeight, gridWidth, embedDim)
    }

    private NDArray denseOf(ParameterStore store, NDArray sequence, Tokens tokens, boolean training) {
        long batch = sequence.getShape().get(0);
        NDArray patches = sequence.get(":, 1:, :"); // (batch, patches, width)
        NDArray projected = project(store, lnPost.forward(store, patches, training), training); // (batch, patches, embedDim)
        return projected.reshape(batch, tokens.gridHeight(), tokens.gridWidth(), embedDim); // (batch, gridHeight, gridWidth, embedDim)
    }

    private NDArray project(ParameterStore store, NDArray x, boolean training) {
        return x.matMul(store.getValue(proj, x.getDevice(), training)); // (..., embedDim)
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Tokens tokens = encodeTokens(store, inputs.singletonOrThrow(), false, training);
        return new NDList(imageEmbedding(store, tokens.output(), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape pixels = inputShapes[0];
        int patches = (int) ((pixels.get(2) / config.patchSize()) * (pixels.get(3) / config.patchSize()));
        Shape tokens = new Shape(pixels.get(0), patches + 1L, config.transformer().width());
        lnPre.initialize(manager, dataType, tokens);
        transformer.initialize(manager, dataType, tokens);
        lnPost.initialize(manager, dataType, tokens);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), embedDim)};
    }

    @Override
    public void collectParameters(String prefix, Map<String, NamedParameter> into) {
        put(into, prefix, conv1);
        put(into, prefix, classEmbedding);
        put(into, prefix, positionalEmbedding);
        lnPre.collectParameters(prefix + "ln_pre.", into);
        transformer.collectParameters(prefix + "transformer.", into);
        lnPost.collectParameters(prefix + "ln_post.", into);
        put(into, prefix, proj);
    }

    /**
     * The tower's tokens after its last block.
     *
     * @param output {@code (batch, 1 + gridHeight * gridWidth, width)}, the class token first
     * @param lastBlockInput the same shape, the last block's input; {@code null} unless requested
     * @param gridHeight patch rows
     * @param gridWidth patch columns
     */
    public record Tokens(NDArray output, NDArray lastBlockInput, int gridHeight, int gridWidth) {
    }
}
