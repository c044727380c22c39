package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Layer norm over the last axis with a gain and a bias, in float32 whatever the checkpoint stored.
 *
 * <p>Input {@code (..., width)}, output the same shape.
 */
public final class ClipLayerNorm extends ClipBaseBlock {

    private final int width;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public ClipLayerNorm(int width, double eps) {
        this.width = width;
        this.eps = (float) eps;
        this.weight = addParameter(constantParameter("weight", Parameter.Type.GAMMA, 1f, width));
        this.bias = addParameter(constantParameter("bias", Parameter.Type.BETA, 0f, width));
    }

    /** Normalises {@code x} of shape {@code (..., width)}; the result has the same shape. */
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        NDArray gain = store.getValue(weight, x.getDevice(), training);
        NDArray shift = store.getValue(bias, x.getDevice(), training);
        return LayerNorm.layerNorm(x, new Shape(width), gain, shift, eps).singletonOrThrow(); // (..., width)
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
        put(into, prefix, weight);
        put(into, prefix, bias);
    }
}
