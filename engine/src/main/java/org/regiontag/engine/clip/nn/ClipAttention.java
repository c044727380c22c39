package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Multi-head self-attention with one fused input projection, as PyTorch's
 * {@code nn.MultiheadAttention} that OpenAI's CLIP uses: {@code in_proj_weight} stacks the query,
 * key and value projections, so one matrix multiply computes all three.
 *
 * <p>Input {@code (batch, tokens, width)}, output {@code (batch, tokens, width)}. Scores are
 * scaled by {@code headWidth^-0.5}; an optional additive mask of shape {@code (tokens, tokens)}
 * (the text tower's causal mask) is added before the softmax.
 */
public final class ClipAttention extends ClipBaseBlock {

    private final int width;
    private final int heads;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Parameter outProjWeight;
    private final Parameter outProjBias;

    public ClipAttention(int width, int heads) {
        this.width = width;
        this.heads = heads;
        this.inProjWeight = addParameter(normalParameter("in_proj_weight", (float) Math.pow(width, -0.5), 3L * width, width));
        this.inProjBias = addParameter(constantParameter("in_proj_bias", Parameter.Type.BIAS, 0f, 3L * width));
        this.outProjWeight = addParameter(normalParameter("out_proj.weight", (float) Math.pow(width, -0.5), width, width));
        this.outProjBias = addParameter(constantParameter("out_proj.bias", Parameter.Type.BIAS, 0f, width));
    }

    /**
     * Attends every token to every token (or to those the mask allows).
     *
     * @param x the normalised residual stream, {@code (batch, tokens, width)}
     * @param attnMask additive mask {@code (tokens, tokens)} with 0 where attention is allowed and
     *     -inf where it is not, or {@code null} for none
     * @return {@code (batch, tokens, width)}
     */
    public NDArray forward(ParameterStore store, NDArray x, NDArray attnMask, boolean training) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long tokens = shape.get(1);
        int headWidth = width / heads;

        NDArray qkv = Linear.linear(x, store.getValue(inProjWeight, x.getDevice(), training),
                store.getValue(inProjBias, x.getDevice(), training)).singletonOrThrow(); // (batch, tokens, 3 * width)
        NDArray split = qkv.reshape(batch, tokens, 3, heads, headWidth) // (batch, tokens, 3, heads, headWidth)
                .transpose(2, 0, 3, 1, 4); // (3, batch, heads, tokens, headWidth)
        NDArray query = Scalars.scale(split.get(0), (float) Math.pow(headWidth, -0.5)); // (batch, heads, tokens, headWidth)
        NDArray key = split.get(1); // (batch, heads, tokens, headWidth)
        NDArray value = split.get(2); // (batch, heads, tokens, headWidth)

        NDArray scores = query.matMul(key.transpose(0, 1, 3, 2)); // (batch, heads, tokens, tokens)
        if (attnMask != null) {
            scores = scores.add(attnMask); // (batch, heads, tokens, tokens)
        }
        NDArray weights = scores.softmax(-1); // (batch, heads, tokens, tokens)
        NDArray context = weights.matMul(value) // (batch, heads, tokens, headWidth)
                .transpose(0, 2, 1, 3) // (batch, tokens, heads, headWidth)
                .reshape(batch, tokens, width); // (batch, tokens, width)
        return outProject(store, context, training); // (batch, tokens, width)
    }

    /**
     * The value path alone: the value projection then the output projection of every token,
     * skipping the query-key attention (MaskCLIP's dense-feature construction).
     *
     * @param x the normalised residual stream, {@code (batch, tokens, width)}
     * @return {@code (batch, tokens, width)}
     */
    public NDArray valuePath(ParameterStore store, NDArray x, boolean training) {
        NDArray inWeight = store.getValue(inProjWeight, x.getDevice(), training); // (3 * width, width)
        NDArray inBias = store.getValue(inProjBias, x.getDevice(), training); // (3 * width,)
        NDArray valueWeight = inWeight.get("{}:", 2L * width); // (width, width)
        NDArray valueBias = inBias.get("{}:", 2L * width); // (width,)
        NDArray value = Linear.linear(x, valueWeight, valueBias).singletonOrThrow(); // (batch, tokens, width)
        return outProject(store, value, training); // (batch, tokens, width)
    }

    private NDArray outProject(ParameterStore store, NDArray x, boolean training) {
        return Linear.linear(x, store.getValue(outProjWeight, x.getDevice(), training),
                store.getValue(outProjBias, x.getDevice(), training)).singletonOrThrow(); // (batch, tokens, width)
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(forward(store, inputs.get(0), mask, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void collectParameters(String prefix, Map<String, NamedParameter> into) {
        put(into, prefix, inProjWeight);
        put(into, prefix, inProjBias);
        put(into, prefix, outProjWeight);
        put(into, prefix, outProjBias);
    }
}
