package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;
import ai.djl.ndarray.NDManager;
import org.regiontag.engine.clip.TransformerConfig;

/**
 * A pre-LN transformer block: {@code x + attn(ln_1(x))}, then {@code x + mlp(ln_2(x))}.
 *
 * <p>Input {@code (batch, tokens, width)} and an optional {@code (tokens, tokens)} additive mask;
 * output {@code (batch, tokens, width)}.
 */
public final class ResidualAttentionBlock extends ClipBaseBlock {

    private final ClipLayerNorm ln1;
    private final ClipAttention attn;
    private final ClipLayerNorm ln2;
    private final ClipMlp mlp;

    public ResidualAttentionBlock(TransformerConfig config) {
        this.ln1 = addChildBlock("ln_1", new ClipLayerNorm(config.width(), config.layerNormEps()));
        this.attn = addChildBlock("attn", new ClipAttention(config.width(), config.heads()));
        this.ln2 = addChildBlock("ln_2", new ClipLayerNorm(config.width(), config.layerNormEps()));
        this.mlp = addChildBlock("mlp", new ClipMlp(config.width(), config.mlpWidth(), config.activation()));
    }

    /**
     * @param x {@code (batch, tokens, width)}
     * @param attnMask {@code (tokens, tokens)} additive mask, or {@code null}
     * @return {@code (batch, tokens, width)}
     */
    public NDArray forward(ParameterStore store, NDArray x, NDArray attnMask, boolean training) {
        NDArray attended = x.add(attn.forward(store, ln1.forward(store, x, training), attnMask, training)); // (batch, tokens, width)
        return attended.add(mlp.forward(store, ln2.forward(store, attended, training), training)); // (batch, tokens, width)
    }

    /**
     * MaskCLIP's value-path variant of this block: {@code y = x + out_proj(v_proj(ln_1(x)))}, then
     * {@code y + mlp(ln_2(y))}. The query-key attention is skipped, so each token's output depends
     * on that token alone.
     *
     * @param x the block's input, {@code (batch, tokens, width)}
     * @return {@code (batch, tokens, width)}
     */
    public NDArray valuePath(ParameterStore store, NDArray x, boolean training) {
        NDArray values = x.add(attn.valuePath(store, ln1.forward(store, x, training), training)); // (batch, tokens, width)
        return values.add(mlp.forward(store, ln2.forward(store, values, training), training)); // (batch, tokens, width)
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(forward(store, inputs.get(0), mask, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        ln1.initialize(manager, dataType, x);
        attn.initialize(manager, dataType, x);
        ln2.initialize(manager, dataType, x);
        mlp.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void collectParameters(String prefix, Map<String, NamedParameter> into) {
        ln1.collectParameters(prefix + "ln_1.", into);
        attn.collectParameters(prefix + "attn.", into);
        ln2.collectParameters(prefix + "ln_2.", into);
        mlp.collectParameters(prefix + "mlp.", into);
    }
}
