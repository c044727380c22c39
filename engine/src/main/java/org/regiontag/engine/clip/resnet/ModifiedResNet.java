package org.regiontag.engine.clip.resnet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.nn.NamedParameter;
import org.regiontag.engine.clip.nn.NamedParameters;

/**
 * CLIP's ResNet image tower (OpenAI's {@code ModifiedResNet}) as a DJL block, with dense features.
 *
 * <p>It differs from torchvision's ResNet in three ways: a stem of three 3×3 convolutions (the
 * first at stride 2; widths {@code width/2}, {@code width/2}, {@code width}) followed by a 2×2
 * average pool instead of one 7×7 convolution and a max pool; anti-aliased strided bottlenecks
 * ({@link Bottleneck}); and attention pooling instead of average pooling
 * ({@link AttentionPool2d}). Stage 0 runs at stride 1 and every later stage at stride 2.
 *
 * <p>Input: normalised images {@code (batch, 3, H, W)}. Output, in this order: the image
 * embedding {@code (batch, outputDim)} and the dense features in the joint space
 * {@code (batch, h, w, outputDim)}, where {@code h ≈ H / downsampling} (each halving rounds
 * down). Neither is L2-normalised. At another input size than the checkpoint's, the positional
 * embedding is resized bicubically.
 *
 * <p>{@code training = false} is inference for the frozen backbone: batch normalisation uses its
 * running statistics. {@code training = true} normalises with batch statistics and updates the
 * running ones, for training a tower from scratch; inside a {@code GradientCollector} every
 * parameter except the running statistics receives a gradient.
 *
 * <p>Parameters carry OpenAI's names relative to the tower ({@code conv1.weight},
 * {@code layer1.0.downsample.0.weight}, {@code attnpool.q_proj.weight}); in a checkpoint they
 * sit under {@link #CHECKPOINT_PREFIX}. Every intermediate array of a forward pass is attached
 * to the input's manager, so a caller that runs it inside a sub-manager frees them all at once.
 */
public final class ModifiedResNet extends NamedParameterBlock implements NamedParameters {

    /** Prefix of the image tower's tensors in an OpenAI-names checkpoint. */
    public static final String CHECKPOINT_PREFIX = "visual.";

    private final ResNetVisionConfig config;
    private final ConvBatchNorm stem1;
    private final ConvBatchNorm stem2;
    private final ConvBatchNorm stem3;
    private final List<List<Bottleneck>> stages = new ArrayList<>();
    private final AttentionPool2d attentionPool;
    private final Map<String, Parameter> parametersByName;
    private final Map<String, Shape> shapesByName;

    /**
     * Builds a tower without values: call {@link #initialize} for random, trainable weights, or
     * use {@link #fromTensors} for a checkpoint.
     *
     * <p>Random initialisation follows CLIP's {@code initialize_parameters} where it sets values:
     * the attention pool's embedding and projections are normal with a standard deviation of
     * {@code embedDim^-0.5}, and the last normalisation of every bottleneck starts with a zero
     * scale. Convolutions are He-normal (DJL's default for weights) and biases start at zero.
     */
    public ModifiedResNet(ResNetVisionConfig config) {
        this.config = config;
        int width = config.width();
        stem1 = addNamedChild("", new ConvBatchNorm("conv1", "bn1", 3, width / 2, 3, 2, null));
        stem2 = addNamedChild("", new ConvBatchNorm("conv2", "bn2", width / 2, width / 2, 3, 1, null));
        stem3 = addNamedChild("", new ConvBatchNorm("conv3", "bn3", width / 2, width, 3, 1, null));

        int inChannels = width;
        for (int stage = 0; stage < config.stages(); stage++) {
            int planes = config.planes(stage);
            List<Bottleneck> blocks = new ArrayList<>();
            for (int index = 0; index < config.layers().get(stage); index++) {
                int stride = stage > 0 && index == 0 ? 2 : 1;
                String name = "layer" + (stage + 1) + "." + index;
                blocks.add(addNamedChild(name, new Bottleneck(inChannels, planes, stride)));
                inChannels = planes * ResNetVisionConfig.EXPANSION;
            }
            stages.add(List.copyOf(blocks));
        }
        attentionPool = addNamedChild("attnpool",
                new AttentionPool2d(config.gridSize(), config.embedDim(), config.heads(), config.outputDim()));

        Map<String, Parameter> parameters = new LinkedHashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        collectParameters("", parameters, shapes);
        parametersByName = Collections.unmodifiableMap(parameters);
        shapesByName = Collections.unmodifiableMap(shapes);
    }

    /**
     * Builds a frozen tower from a checkpoint's tensors, in float32.
     *
     * @see #fromTensors(ResNetVisionConfig, Map, NDManager, DataType, String)
     */
    public static ModifiedResNet fromTensors(ResNetVisionConfig config, Map<String, NDArray> tensors,
            NDManager manager) {
        return fromTensors(config, tensors, manager, DataType.FLOAT32, "the checkpoint");
    }

    /**
     * Builds a frozen tower from a checkpoint's tensors.
     *
     * <p>Each parameter is copied from {@code tensors.get("visual." + name)} into {@code manager}
     * as {@code dataType}, so the caller may close the tensors afterwards. Other tensors of the
     * map (the text tower's) are ignored. The parameters start frozen; {@link #setTrainable}
     * unfreezes them for fine-tuning.
     *
     * @param source the checkpoint file, named in error messages
     * @throws UserInputException naming the tensors that are missing, or a tensor whose shape
     *     differs from the one {@code config} implies
     */
    public static ModifiedResNet fromTensors(ResNetVisionConfig config, Map<String, NDArray> tensors,
            NDManager manager, DataType dataType, String source) {
        ModifiedResNet tower = new ModifiedResNet(config);

        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Shape> entry : tower.shapesByName.entrySet()) {
            String name = CHECKPOINT_PREFIX + entry.getKey();
            NDArray tensor = tensors.get(name);
            if (tensor == null) {
                missing.add(name);
            } else if (!tensor.getShape().equals(entry.getValue())) {
                throw new UserInputException(ResNetMessages.format("tensors.shape", source, name, tensor.getShape(),
                        entry.getValue()));
            } else if (!tensor.getDataType().isFloating()) {
                throw new UserInputException(ResNetMessages.format("tensors.dtype", source, name,
                        tensor.getDataType()));
            }
        }
        if (!missing.isEmpty()) {
            throw new UserInputException(ResNetMessages.format("tensors.missing", source, missing.size(),
                    String.join(", ", missing.subList(0, Math.min(5, missing.size())))));
        }

        for (Map.Entry<String, Parameter> entry : tower.parametersByName.entrySet()) {
            NDArray tensor = tensors.get(CHECKPOINT_PREFIX + entry.getKey());
            NDArray value = tensor.toDevice(manager.getDevice(), false).toType(dataType, false);
            if (value == tensor) {
                // NOTE: DJL's PyTorch toType(sameType, true) returns a tensor sharing the storage,
                // and training would then update the caller's running statistics in place.
                value = tensor.duplicate();
            }
            value.attach(manager);
            entry.getValue().setArray(value);
        }
        tower.initialize(manager, dataType, new Shape(1, 3, config.imageSize(), config.imageSize()));
        tower.freezeParameters(true);
        return tower;
    }

    /**
     * Freezes every parameter, or makes every one except the batch-norm running statistics
     * receive gradients (those are updated by training-mode forward passes, not by an optimiser).
     */
    public void setTrainable(boolean trainable) {
        freezeParameters(!trainable, parameter -> parameter.getType() != Parameter.Type.RUNNING_MEAN
                && parameter.getType() != Parameter.Type.RUNNING_VAR);
    }

    /** Returns the tower's sizes. */
    public ResNetVisionConfig config() {
        return config;
    }

    /**
     * Returns the tower's parameters by OpenAI name relative to the tower ({@code conv1.weight});
     * add {@link #CHECKPOINT_PREFIX} for the checkpoint name. This is the ResNet layout's name table.
     */
    public Map<String, Parameter> parametersByName() {
        return parametersByName;
    }

    /**
     * Returns the tower's current values by checkpoint name ({@code visual.conv1.weight}), the
     * tensors to write with {@code SafetensorsWriter} to save a trained tower in the OpenAI-names
     * layout. The arrays are the parameters themselves, not copies.
     */
    public Map<String, NDArray> checkpointArrays() {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        parametersByName.forEach((name, parameter) -> arrays.put(CHECKPOINT_PREFIX + name, parameter.getArray()));
        return arrays;
    }

    /**
     * Adds every parameter under {@code prefix} plus its name relative to the tower, with its
     * shape; {@code ClipBlock} lists the tower under {@code visual.} this way.
     */
    @Override
    public void collectParameters(String prefix, Map<String, NamedParameter> into) {
        parametersByName.forEach((name, parameter) ->
                into.put(prefix + name, new NamedParameter(parameter, shapesByName.get(name))));
    }

    /** Returns the shape of every tensor the tower needs, by checkpoint name ({@code visual.conv1.weight}). */
    public static Map<String, Shape> checkpointShapes(ResNetVisionConfig config) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        new ModifiedResNet(config).shapesByName.forEach((name, shape) -> shapes.put(CHECKPOINT_PREFIX + name, shape));
        return shapes;
    }

    /**
     * Runs the tower on normalised images {@code (batch, 3, H, W)}.
     *
     * @return the image embedding {@code (batch, outputDim)} and the dense features
     *     {@code (batch, h, w, outputDim)}
     */
    public ResNetFeatures encode(ParameterStore parameterStore, NDArray images, boolean training) {
        NDList outputs = forward(parameterStore, new NDList(images), training);
        return new ResNetFeatures(outputs.get(0), outputs.get(1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow(); // (batch, 3, H, W)
        if (images.getShape().dimension() != 4 || images.getShape().get(1) != 3) {
            throw new IllegalArgumentException("expected images of shape (batch, 3, H, W), found " + images.getShape());
        }

        NDArray x = Activation.relu(stem1.apply(parameterStore, images, training)); // (batch, width/2, H/2, W/2)
        x = Activation.relu(stem2.apply(parameterStore, x, training)); // (batch, width/2, H/2, W/2)
        x = Activation.relu(stem3.apply(parameterStore, x, training)); // (batch, width, H/2, W/2)
        x = Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true); // (batch, width, H/4, W/4)

        for (List<Bottleneck> stage : stages) {
            for (Bottleneck block : stage) {
                x = block.apply(parameterStore, x, training); // (batch, planes·4, H/4/2^stage, W/4/2^stage)
            }
        }
        return attentionPool.apply(parameterStore, x, training); // (batch, outputDim), (batch, h, w, outputDim)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        long height = ((input.get(2) - 1) / 2 + 1) / 2;
        long width = ((input.get(3) - 1) / 2 + 1) / 2;
        for (int stage = 1; stage < config.stages(); stage++) {
            height /= 2;
            width /= 2;
        }
        return attentionPool.getOutputShapes(new Shape[] {new Shape(input.get(0), config.embedDim(), height, width)});
    }

    /** Returns the device of the tower's parameters, for callers that must put inputs beside them. */
    public Device device() {
        return parametersByName.values().iterator().next().getArray().getDevice();
    }
}
