package org.regiontag.engine.clip.resnet;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A block whose parameters carry OpenAI's checkpoint names and fixed shapes.
 *
 * <p>DJL names a child's parameters {@code 01child_weight}; checkpoints name them
 * {@code layer1.0.conv1.weight}. Each block here registers its parameters under the checkpoint's
 * local name and its children under the checkpoint's prefix, so that {@link #collectParameters}
 * yields the table from checkpoint names to DJL parameters that loading and saving use.
 *
 * <p>Shapes follow from the configuration, not from the input, so that parameters can be either
 * set from a checkpoint ({@link Parameter#setArray}, which needs a parameter without a shape) or
 * initialised at random ({@link #prepare} gives the remaining ones their shapes first).
 */
abstract class NamedParameterBlock extends AbstractBlock {

    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private final List<Map.Entry<String, NamedParameterBlock>> namedChildren = new ArrayList<>();

    /**
     * Registers a parameter under its checkpoint name.
     *
     * @param initializer used by random initialisation; {@code null} takes the type's default
     */
    protected final Parameter addNamedParameter(String name, Parameter.Type type, Shape shape,
            Initializer initializer) {
        boolean statistic = type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR;
        Parameter parameter = addParameter(Parameter.builder()
                .setName(name)
                .setType(type)
                .optInitializer(initializer == null ? type.getInitializer() : initializer)
                .optRequiresGrad(!statistic)
                .build());
        named.put(name, parameter);
        shapes.put(name, shape);
        return parameter;
    }

    /**
     * Registers a child block under the checkpoint prefix of its parameters (without the dot); an
     * empty prefix puts the child's names beside this block's own.
     */
    protected final <B extends NamedParameterBlock> B addNamedChild(String prefix, B child) {
        addChildBlock(prefix, child);
        namedChildren.add(Map.entry(prefix, child));
        return child;
    }

    /**
     * Adds this block's parameters and those of its children to {@code parameters} and their
     * shapes to {@code expectedShapes}, keyed by checkpoint name under {@code prefix}.
     */
    final void collectParameters(String prefix, Map<String, Parameter> parameters, Map<String, Shape> expectedShapes) {
        for (Map.Entry<String, Parameter> entry : named.entrySet()) {
            parameters.put(prefix + entry.getKey(), entry.getValue());
            expectedShapes.put(prefix + entry.getKey(), shapes.get(entry.getKey()));
        }
        for (Map.Entry<String, NamedParameterBlock> child : namedChildren) {
            String childPrefix = child.getKey().isEmpty() ? prefix : prefix + child.getKey() + ".";
            child.getValue().collectParameters(childPrefix, parameters, expectedShapes);
        }
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        for (Map.Entry<String, Parameter> entry : named.entrySet()) {
            Parameter parameter = entry.getValue();
            if (!parameter.isInitialized() && parameter.getShape() == null) {
                parameter.setShape(shapes.get(entry.getKey()));
            }
        }
    }

    /** Initialises the children with the same input shapes: their parameter shapes do not depend on them. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Map.Entry<String, NamedParameterBlock> child : namedChildren) {
            child.getValue().initialize(manager, dataType, inputShapes);
        }
    }
}
