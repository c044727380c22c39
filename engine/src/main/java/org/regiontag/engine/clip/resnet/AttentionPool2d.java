package org.regiontag.engine.clip.resnet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.regiontag.engine.train.Tensors;

/**
 * CLIP's attention pooling, and the dense features that DualCoOp reads from the same weights.
 *
 * <p>The last stage's map becomes a sequence of its {@code h·w} locations preceded by their mean;
 * the positional embedding is added; the mean token alone queries the whole sequence with
 * multi-head attention ({@code q_proj}, {@code k_proj}, {@code v_proj}), and {@code c_proj}
 * projects the result into the joint space: the global image embedding.
 *
 * <p>Dense features (DualCoOp, Sun et al., NeurIPS 2022): every location, after the same
 * positional embedding is added, goes through {@code v_proj} and then {@code c_proj}, with no
 * query-key attention, so each one lands in the joint space where it can be compared with a text
 * embedding. DualCoOp adds the positional embedding before the value projection and resizes it
 * bicubically for other input sizes; this block does both. DualCoOp also projects the mean token;
 * it is not a location and is left out here. The value projection is computed once and shared by
 * the attention and the dense path.
 *
 * <p>Input {@code (batch, embedDim, h, w)}; outputs the image embedding {@code (batch, outputDim)}
 * and the dense features {@code (batch, h, w, outputDim)}.
 */
final class AttentionPool2d extends NamedParameterBlock {

    private final int gridSize;
    private final int embedDim;
    private final int heads;
    private final int outputDim;
    private final Parameter positionalEmbedding;
    private final Parameter queryWeight;
    private final Parameter queryBias;
    private final Parameter keyWeight;
    private final Parameter keyBias;
    private final Parameter valueWeight;
    private final Parameter valueBias;
    private final Parameter outputWeight;
    private final Parameter outputBias;

    /**
     * @param gridSize side of the map the positional embedding was trained for
     */
    AttentionPool2d(int gridSize, int embedDim, int heads, int outputDim) {
        this.gridSize = gridSize;
        this.embedDim = embedDim;
        this.heads = heads;
        this.outputDim = outputDim;
        // CLIP's initialisation: a standard deviation of embedDim^-0.5 for the embedding and every projection.
        NormalInitializer scaled = new NormalInitializer((float) Math.pow(embedDim, -0.5));
        positionalEmbedding = addNamedParameter("positional_embedding", Parameter.Type.OTHER,
                new Shape((long) gridSize * gridSize + 1, embedDim), scaled);
        queryWeight = addNamedParameter("q_proj.weight", Parameter.Type.WEIGHT, new Shape(embedDim, embedDim), scaled);
        queryBias = addNamedParameter("q_proj.bias", Parameter.Type.BIAS, new Shape(embedDim), null);
        keyWeight = addNamedParameter("k_proj.weight", Parameter.Type.WEIGHT, new Shape(embedDim, embedDim), scaled);
        keyBias = addNamedParameter("k_proj.bias", Parameter.Type.BIAS, new Shape(embedDim), null);
        valueWeight = addNamedParameter("v_proj.weight", Parameter.Type.WEIGHT, new Shape(embedDim, embedDim), scaled);
        valueBias = addNamedParameter("v_proj.bias", Parameter.Type.BIAS, new Shape(embedDim), null);
        outputWeight = addNamedParameter("c_proj.weight", Parameter.Type.WEIGHT, new Shape(outputDim, embedDim),
                scaled);
        outputBias = addNamedParameter("c_proj.bias", Parameter.Type.BIAS, new Shape(outputDim), null);
    }

    /**
     * Pools {@code features} of shape {@code (batch, embedDim, h, w)}.
     *
     * @return the image embedding {@code (batch, outputDim)} and the dense features
     *     {@code (batch, h, w, outputDim)}
     */
    NDList apply(ParameterStore parameterStore, NDArray features, boolean training) {
        Device device = features.getDevice();
        Shape shape = features.getShape();
        long batch = shape.get(0);
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        long tokens = (long) height * width + 1;
        long headWidth = embedDim / heads;

        NDArray locations = features.reshape(batch, embedDim, tokens - 1).transpose(0, 2, 1); // (batch, hw, embedDim)
        NDArray mean = locations.mean(new int[] {1}, true); // (batch, 1, embedDim)
        NDArray sequence = mean.concat(locations, 1); // (batch, hw + 1, embedDim)
        sequence = sequence.add(positionalEmbedding(parameterStore, device, training, height, width));

        NDArray values = linear(parameterStore, sequence, valueWeight, valueBias, training); // (batch, hw + 1, embedDim)
        NDArray query = linear(parameterStore, sequence.get(new NDIndex(":, :1")), queryWeight, queryBias,
                training); // (batch, 1, embedDim)
        NDArray keys = linear(parameterStore, sequence, keyWeight, keyBias, training); // (batch, hw + 1, embedDim)

        query = query.reshape(batch, heads, 1, headWidth); // (batch, heads, 1, headWidth)
        keys = keys.reshape(batch, tokens, heads, headWidth).transpose(0, 2, 3, 1); // (batch, heads, headWidth, hw + 1)
        NDArray headValues = values.reshape(batch, tokens, heads, headWidth)
                .transpose(0, 2, 1, 3); // (batch, heads, hw + 1, headWidth)
        // Tensors.scale keeps the scalar alive for the backward pass; NDArray.mul(Number) would free it.
        NDArray attention = Tensors.scale(query.matMul(keys), 1.0 / Math.sqrt(headWidth))
                .softmax(-1); // (batch, heads, 1, hw + 1)
        NDArray pooled = attention.matMul(headValues).reshape(batch, embedDim); // (batch, embedDim)
        NDArray imageEmbeds = linear(parameterStore, pooled, outputWeight, outputBias, training); // (batch, outputDim)

        NDArray dense = linear(parameterStore, values.get(new NDIndex(":, 1:")), outputWeight, outputBias,
                training); // (batch, hw, outputDim)
        dense = dense.reshape(batch, height, width, outputDim); // (batch, h, w, outputDim)
        return new NDList(imageEmbeds, dense);
    }

    /**
     * The positional embedding for an {@code height × width} map, {@code (hw + 1, embedDim)}: the
     * checkpoint's own when the map has its size, otherwise its spatial rows resized bicubically
     * (PyTorch's {@code align_corners=False}) and the mean token's row kept as it is.
     */
    private NDArray positionalEmbedding(ParameterStore parameterStore, Device device, boolean training, int height,
            int width) {
        NDArray embedding = parameterStore.getValue(positionalEmbedding, device, training); // (grid² + 1, embedDim)
        if (height == gridSize && width == gridSize) {
            return embedding;
        }
        NDArray meanRow = embedding.get(new NDIndex(":1")); // (1, embedDim)
        NDArray grid = embedding.get(new NDIndex("1:")).reshape(gridSize, gridSize, embedDim); // (grid, grid, embedDim)
        NDArray resized = BicubicResize.resize(grid, height, width); // (h, w, embedDim)
        return meanRow.concat(resized.reshape((long) height * width, embedDim), 0); // (hw + 1, embedDim)
    }

    private static NDArray linear(ParameterStore parameterStore, NDArray x, Parameter weight, Parameter bias,
            boolean training) {
        Device device = x.getDevice();
        return Linear.linear(x, parameterStore.getValue(weight, device, training),
                parameterStore.getValue(bias, device, training)).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return apply(parameterStore, inputs.singletonOrThrow(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {
            new Shape(input.get(0), outputDim), new Shape(input.get(0), input.get(2), input.get(3), outputDim),
        };
    }
}
