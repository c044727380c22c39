package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.Map;
import org.regiontag.engine.clip.TextConfig;

/**
 * CLIP's text tower: token embedding, positional embedding, a causal transformer,
 * {@code ln_final}, pooling at the end-of-text token and the projection {@code text_projection}
 * into the joint space.
 *
 * <p>The tower starts from token embeddings ({@link #encodeTokenEmbeddings}), so learned prompt
 * contexts can replace rows of {@link #embedTokens}'s output. Sequences may be shorter than the
 * context length: the causal mask means no token sees a later one, so the end-of-text token's
 * output, and hence the embedding, is the same whatever follows it.
 *
 * <p>Intermediate results of some operations attach to the parameters' manager (DJL attaches a
 * result to its first operand's), so callers run each forward inside an {@code NDScope}.
 */
public final class TextTransformer extends ClipBaseBlock {

    private final TextConfig config;
    private final int embedDim;
    private final Parameter tokenEmbedding;
    private final Parameter positionalEmbedding;
    private final ClipTransformer transformer;
    private final ClipLayerNorm lnFinal;
    private final Parameter textProjection;

    public TextTransformer(TextConfig config, int embedDim) {
        this.config = config;
        this.embedDim = embedDim;
        int width = config.transformer().width();
        this.tokenEmbedding = addParameter(normalParameter("token_embedding.weight", 0.02f, config.vocabSize(), width));
        this.positionalEmbedding = addParameter(
                normalParameter("positional_embedding", 0.01f, config.contextLength(), width));
        this.transformer = addChildBlock("transformer", new ClipTransformer(config.transformer()));
        this.lnFinal = addChildBlock("ln_final", new ClipLayerNorm(width, config.transformer().layerNormEps()));
        this.textProjection = addParameter(
                normalParameter("text_projection", (float) Math.pow(width, -0.5), width, embedDim));
    }

    public TextConfig config() {
        return config;
    }

    /**
     * Looks up the token embeddings of token ids.
     *
     * @param tokenIds int64 {@code (batch, tokens)}
     * @return {@code (batch, tokens, width)}
     */
    public NDArray embedTokens(ParameterStore store, NDArray tokenIds, boolean training) {
        NDArray table = store.getValue(tokenEmbedding, tokenIds.getDevice(), training); // (vocabSize, width)
        return Embedding.embedding(tokenIds, table, SparseFormat.DENSE).singletonOrThrow(); // (batch, tokens, width)
    }

    /**
     * Encodes prompts given as token embeddings.
     *
     * @param embeddings {@code (batch, tokens, width)} with {@code tokens <= contextLength}; the
     *     positional embedding's first {@code tokens} rows are added here
     * @param eotPositions int64 {@code (batch,)}: for each prompt, the index of its end-of-text
     *     token, whose output becomes the prompt's embedding
     * @return {@code (batch, embedDim)}, before L2 normalisation
     */
    public NDArray encodeTokenEmbeddings(ParameterStore store, NDArray embeddings, NDArray eotPositions,
            boolean training) {
        Shape shape = embeddings.getShape();
        int width = config.transformer().width();
        if (shape.dimension() != 3 || shape.get(2) != width) {
            throw new IllegalArgumentException("expected embeddings of shape (batch, tokens, " + width + "), found " + shape);
        }
        long batch = shape.get(0);
        int tokens = (int) shape.get(1);
        if (tokens < 1 || tokens > config.contextLength()) {
            throw new IllegalArgumentException(
                    "prompts have " + tokens + " tokens; expected 1 to the context length " + config.contextLength());
        }
        if (!eotPositions.getShape().equals(new Shape(batch))) {
            throw new IllegalArgumentException("expected eotPositions of shape (" + batch + "), found " + eotPositions.getShape());
        }

        NDArray positions = store.getValue(positionalEmbedding, embeddings.getDevice(), training)
                .get("0:{}", tokens); // (tokens, width)
        NDArray x = embeddings.add(positions); // (batch, tokens, width)
        NDArray mask = causalMask(embeddings.getManager(), tokens); // (tokens, tokens)
        NDArray hidden = transformer.forward(store, x, mask, transformer.layers(), training); // (batch, tokens, width)

        NDArray index = eotPositions.toType(DataType.INT64, false)
                .reshape(batch, 1, 1) // (batch, 1, 1)
                .broadcast(batch, 1, width); // (batch, 1, width)
        NDArray pooled = hidden.gather(index, 1) // (batch, 1, width)
                .reshape(batch, width); // (batch, width)
        NDArray normalised = lnFinal.forward(store, pooled, training); // (batch, width)
        return normalised.matMul(store.getValue(textProjection, embeddings.getDevice(), training)); // (batch, embedDim)
    }

    /**
     * The additive causal mask: 0 on and below the diagonal, -inf above it, so token {@code i}
     * attends to tokens {@code 0..i} only.
     *
     * @return {@code (tokens, tokens)} on {@code manager}
     */
    static NDArray causalMask(NDManager manager, int tokens) {
        float[] mask = new float[tokens * tokens];
        for (int row = 0; row < tokens; row++) {
            Arrays.fill(mask, row * tokens + row + 1, (row + 1) * tokens, Float.NEGATIVE_INFINITY);
        }
        return manager.create(mask, new Shape(tokens, tokens)); // (tokens, tokens)
    }

    /** Inputs: token ids {@code (batch, tokens)} and end-of-text positions {@code (batch,)}. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray embeddings = embedTokens(store, inputs.get(0), training);
        return new NDList(encodeTokenEmbeddings(store, embeddings, inputs.get(1), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        Shape hidden = new Shape(ids.get(0), ids.get(1), config.transformer().width());
        transformer.initialize(manager, dataType, hidden);
        lnFinal.initialize(manager, dataType, hidden);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), embedDim)};
    }

    @Override
    public void collectParameters(String prefix, Map<String, NamedParameter> into) {
        put(into, prefix, tokenEmbedding);
        put(into, prefix, positionalEmbedding);
        transformer.collectParameters(prefix + "transformer.", into);
        lnFinal.collectParameters(prefix + "ln_final.", into);
        put(into, prefix, textProjection);
    }
}
