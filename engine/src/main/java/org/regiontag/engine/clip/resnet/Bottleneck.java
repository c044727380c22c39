package org.regiontag.engine.clip.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * CLIP's anti-aliased bottleneck: 1×1 → 3×3 → (average pool) → 1×1 convolutions with batch
 * normalisation, plus a residual branch.
 *
 * <p>Every convolution has stride 1. A stride {@code s > 1} becomes an {@code s × s} average
 * pool before the last convolution and before the residual branch's 1×1 convolution, which
 * blurs before subsampling. The residual branch ({@code downsample.0}, {@code downsample.1}) exists
 * when the block strides or changes the channel count. Input
 * {@code (batch, inChannels, H, W)}; output {@code (batch, planes·4, H/s, W/s)}, rounded down.
 */
final class Bottleneck extends NamedParameterBlock {

    private final int stride;
    private final int outChannels;
    private final ConvBatchNorm reduce;
    private final ConvBatchNorm spatial;
    private final ConvBatchNorm expand;
    private final ConvBatchNorm downsample;

    Bottleneck(int inChannels, int planes, int stride) {
        this.stride = stride;
        this.outChannels = planes * ResNetVisionConfig.EXPANSION;
        reduce = addNamedChild("", new ConvBatchNorm("conv1", "bn1", inChannels, planes, 1, 1, null));
        spatial = addNamedChild("", new ConvBatchNorm("conv2", "bn2", planes, planes, 3, 1, null));
        // CLIP's initialize_parameters zeroes bn3's scale, so that each block starts as the identity.
        expand = addNamedChild("", new ConvBatchNorm("conv3", "bn3", planes, outChannels, 1, 1, Initializer.ZEROS));
        if (stride > 1 || inChannels != outChannels) {
            downsample = addNamedChild("downsample",
                    new ConvBatchNorm("0", "1", inChannels, outChannels, 1, 1, null));
        } else {
            downsample = null;
        }
    }

    NDArray apply(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray out = Activation.relu(reduce.apply(parameterStore, x, training)); // (batch, planes, H, W)
        out = Activation.relu(spatial.apply(parameterStore, out, training)); // (batch, planes, H, W)
        out = expand.apply(parameterStore, averagePool(out), training); // (batch, planes·4, H/s, W/s)

        NDArray identity = x;
        if (downsample != null) {
            identity = downsample.apply(parameterStore, averagePool(x), training); // (batch, planes·4, H/s, W/s)
        }
        return Activation.relu(out.add(identity));
    }

    private NDArray averagePool(NDArray x) {
        if (stride == 1) {
            return x;
        }
        return Pool.avgPool2d(x, new Shape(stride, stride), new Shape(stride, stride), new Shape(0, 0), false,
                true); // (batch, channels, H/s, W/s)
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(parameterStore, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {new Shape(input.get(0), outChannels, input.get(2) / stride, input.get(3) / stride)};
    }
}
