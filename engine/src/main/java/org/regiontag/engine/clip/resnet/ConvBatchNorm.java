package org.regiontag.engine.clip.resnet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A bias-free square convolution followed by batch normalisation, the unit of CLIP's ResNet.
 *
 * <p>The convolution's parameter is {@code <convName>.weight}; the normalisation's are
 * {@code <normName>.weight}, {@code .bias}, {@code .running_mean} and {@code .running_var},
 * PyTorch's names. ReLU is left to the caller, because the last one of a bottleneck follows the
 * residual sum. Input {@code (batch, inChannels, H, W)}; output
 * {@code (batch, outChannels, H', W')} with {@code H' = (H + 2·padding − kernel) / stride + 1}.
 *
 * <p>Inference ({@code training = false}) normalises with the running statistics; training
 * normalises with the batch's statistics and updates the running ones in place with PyTorch's
 * momentum of 0.1.
 */
final class ConvBatchNorm extends NamedParameterBlock {

    /** PyTorch's {@code BatchNorm2d} epsilon, which CLIP's weights were trained with. */
    static final float EPSILON = 1e-5f;
    /** DJL's momentum is the weight of the old running value: PyTorch's 0.1 is DJL's 0.9. */
    private static final float DJL_MOMENTUM = 0.9f;
    /**
     * DJL's PyTorch engine passes axis -1 straight to {@code torch.batch_norm}, which normalises
     * over axis 1 (channels); any other axis makes DJL transpose the input twice.
     */
    private static final int PYTORCH_NATIVE_AXIS = -1;

    private final int outChannels;
    private final int kernel;
    private final Shape stride;
    private final Shape padding;
    private final Parameter weight;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /**
     * @param gammaInitializer initial scale of the normalisation; CLIP starts the last one of each
     *     bottleneck at zero so that every residual branch starts as the identity
     */
    ConvBatchNorm(String convName, String normName, int inChannels, int outChannels, int kernel, int stride,
            Initializer gammaInitializer) {
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(kernel / 2, kernel / 2);
        weight = addNamedParameter(convName + ".weight", Parameter.Type.WEIGHT,
                new Shape(outChannels, inChannels, kernel, kernel), null);
        gamma = addNamedParameter(normName + ".weight", Parameter.Type.GAMMA, new Shape(outChannels),
                gammaInitializer);
        beta = addNamedParameter(normName + ".bias", Parameter.Type.BETA, new Shape(outChannels), null);
        runningMean = addNamedParameter(normName + ".running_mean", Parameter.Type.RUNNING_MEAN,
                new Shape(outChannels), null);
        runningVar = addNamedParameter(normName + ".running_var", Parameter.Type.RUNNING_VAR,
                new Shape(outChannels), null);
    }

    /** Convolves and normalises {@code x} of shape {@code (batch, inChannels, H, W)}. */
    NDArray apply(ParameterStore parameterStore, NDArray x, boolean training) {
        Device device = x.getDevice();
        NDArray convolved = Conv2d.conv2d(x, parameterStore.getValue(weight, device, training), null, stride, padding,
                new Shape(1, 1), 1).singletonOrThrow(); // (batch, outChannels, H', W')
        return BatchNorm.batchNorm(convolved,
                parameterStore.getValue(runningMean, device, training),
                parameterStore.getValue(runningVar, device, training),
                parameterStore.getValue(gamma, device, training),
                parameterStore.getValue(beta, device, training),
                PYTORCH_NATIVE_AXIS, DJL_MOMENTUM, EPSILON, training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(parameterStore, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        long height = (input.get(2) + 2 * padding.get(0) - kernel) / stride.get(0) + 1;
        long width = (input.get(3) + 2 * padding.get(1) - kernel) / stride.get(1) + 1;
        return new Shape[] {new Shape(input.get(0), outChannels, height, width)};
    }
}
