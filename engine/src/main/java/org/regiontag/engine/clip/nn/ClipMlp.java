package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;
import org.regiontag.engine.clip.Activation;

/**
 * The two-layer MLP of a transformer block: {@code c_proj(act(c_fc(x)))}.
 *
 * <p>Input {@code (..., width)}, output {@code (..., width)}; the hidden width is the checkpoint's
 * own {@code mlpWidth}.
 */
public final class ClipMlp extends ClipBaseBlock {

    /** QuickGELU's constant, from OpenAI's CLIP code: {@code x * sigmoid(1.702 x)}. */
    private static final float QUICK_GELU_SCALE = 1.702f;

    private final Activation activation;
    private final Parameter fcWeight;
    private final Parameter fcBias;
    private final Parameter projWeight;
    private final Parameter projBias;

    public ClipMlp(int width, int mlpWidth, Activation activation) {
        this.activation = activation;
        this.fcWeight = addParameter(normalParameter("c_fc.weight", (float) Math.pow(2.0 * width, -0.5), mlpWidth, width));
        this.fcBias = addParameter(constantParameter("c_fc.bias", Parameter.Type.BIAS, 0f, mlpWidth));
        this.projWeight = addParameter(normalParameter("c_proj.weight", (float) Math.pow(mlpWidth, -0.5), width, mlpWidth));
        this.projBias = addParameter(constantParameter("c_proj.bias", Parameter.Type.BIAS, 0f, width));
    }

    /** Applies the MLP to {@code x} of shape {@code (..., width)}. */
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        NDArray hidden = Linear.linear(x, store.getValue(fcWeight, x.getDevice(), training),
                store.getValue(fcBias, x.getDevice(), training)).singletonOrThrow(); // (..., mlpWidth)
        NDArray activated = activate(hidden); // (..., mlpWidth)
        return Linear.linear(activated, store.getValue(projWeight, x.getDevice(), training),
                store.getValue(projBias, x.getDevice(), training)).singletonOrThrow(); // (..., width)
    }

    private NDArray activate(NDArray hidden) {
        if (activation == Activation.GELU) {
            return ai.djl.nn.Activation.gelu(hidden);
        }
        return hidden.mul(ai.djl.nn.Activation.sigmoid(Scalars.scale(hidden, QUICK_GELU_SCALE)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public void collectParameters(String prefix, Map<String, NamedParameter> into) {
        put(into, prefix, fcWeight);
        put(into, prefix, fcBias);
        put(into, prefix, projWeight);
        put(into, prefix, projBias);
    }
}
