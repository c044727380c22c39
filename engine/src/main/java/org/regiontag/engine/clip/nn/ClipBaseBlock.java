package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Base of the CLIP blocks: parameters are declared with their shape, which DJL receives in
 * {@link #prepare} when a model is built from scratch; a checkpoint loader instead sets each
 * parameter's array directly (DJL accepts one or the other, not both) after checking it against
 * {@link #declaredShape}.
 */
abstract class ClipBaseBlock extends AbstractBlock implements NamedParameters {

    private final Map<Parameter, Shape> declaredShapes = new IdentityHashMap<>();

    /** Declares a trainable weight drawn from N(0, std²) when built from scratch. */
    protected final Parameter normalParameter(String name, float std, long... shape) {
        return declare(name, Parameter.Type.WEIGHT, new NormalInitializer(std), shape);
    }

    /** Declares a trainable tensor that starts at a constant, such as a bias (0) or a gain (1). */
    protected final Parameter constantParameter(String name, Parameter.Type type, float value, long... shape) {
        return declare(name, type, new ConstantInitializer(value), shape);
    }

    private Parameter declare(String name, Parameter.Type type, Initializer initializer, long... shape) {
        Parameter parameter = Parameter.builder().setName(name).setType(type).optInitializer(initializer).build();
        declaredShapes.put(parameter, new Shape(shape));
        return addParameter(parameter);
    }

    /** Returns the shape that this block's configuration gives one of its own parameters. */
    final Shape declaredShape(Parameter parameter) {
        Shape shape = declaredShapes.get(parameter);
        if (shape == null) {
            throw new IllegalArgumentException(parameter.getName() + " is not a parameter of " + getClass().getSimpleName());
        }
        return shape;
    }

    /** Adds one of this block's parameters to {@code into} under {@code prefix + its name}. */
    protected final void put(Map<String, NamedParameter> into, String prefix, Parameter parameter) {
        into.put(prefix + parameter.getName(), new NamedParameter(parameter, declaredShape(parameter)));
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        for (Map.Entry<Parameter, Shape> entry : declaredShapes.entrySet()) {
            Parameter parameter = entry.getKey();
            if (!parameter.isInitialized() && parameter.getShape() == null) {
                parameter.setShape(entry.getValue());
            }
        }
    }
}
