package org.regiontag.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The trainable DJL parameters of one model, by unique name, created on one manager in one data type.
 *
 * <p>Components create their parameters here with a default initial value; a value given for the
 * same name at construction (a saved {@link TensorState}, or a perturbed copy in a gradient check)
 * replaces the default, after a shape check. Everything else in a model is frozen.
 */
public final class TrainableParameters {

    private final NDManager manager;
    private final DataType dataType;
    private final Map<String, NDArray> initialValues;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    /**
     * @param manager the manager that owns every parameter array and its optimizer state
     * @param dataType FLOAT32 for training, FLOAT64 for gradient checks
     * @param initialValues values that replace the defaults, by parameter name
     */
    public TrainableParameters(NDManager manager, DataType dataType, Map<String, NDArray> initialValues) {
        this.manager = manager;
        this.dataType = dataType;
        this.initialValues = new LinkedHashMap<>(initialValues);
    }

    /** Parameters that all start from their defaults. */
    public TrainableParameters(NDManager manager, DataType dataType) {
        this(manager, dataType, Map.of());
    }

    /** Parameters that start from a saved state where it has a tensor of the same name. */
    public static TrainableParameters fromState(NDManager manager, DataType dataType, TensorState state) {
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (NamedTensor tensor : state.tensors()) {
            values.put(tensor.name(), Tensors.create(manager, tensor.values(), new Shape(tensor.shape()), dataType));
        }
        return new TrainableParameters(manager, dataType, values);
    }

    public NDManager manager() {
        return manager;
    }

    public DataType dataType() {
        return dataType;
    }

    /**
     * Creates a trainable parameter.
     *
     * @param name a unique name, {@code component.tensor}
     * @param shape its shape
     * @param defaultValue the initial value when none was given for this name; called at most once
     * @return the parameter, whose array requires gradients
     * @throws IllegalArgumentException when the name is taken or a given value has another shape
     */
    public Parameter create(String name, Shape shape, Supplier<NDArray> defaultValue) {
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " exists already");
        }
        NDArray saved = initialValues.get(name);
        NDArray array;
        if (saved != null) {
            if (!saved.getShape().equals(shape)) {
                throw new IllegalArgumentException("saved tensor " + name + " has shape " + saved.getShape()
                        + "; this model expects " + shape);
            }
            array = saved.toType(dataType, true);
        } else {
            array = defaultValue.get().toType(dataType, true);
            if (!array.getShape().equals(shape)) {
                throw new IllegalStateException("default value of " + name + " has shape " + array.getShape()
                        + "; expected " + shape);
            }
        }
        array.attach(manager);
        Parameter parameter = Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optArray(array)
                .build();
        parameter.initialize(manager, dataType);
        parameters.put(name, parameter);
        return parameter;
    }

    /** Returns the parameter's current array. */
    public NDArray array(String name) {
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException("no parameter " + name + "; have " + parameters.keySet());
        }
        return parameter.getArray();
    }

    /** Returns every parameter in creation order. */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(new ArrayList<>(parameters.values()));
    }

    /** Copies every parameter's current value out of the engine, as float32. */
    public TensorState snapshot() {
        List<NamedTensor> tensors = new ArrayList<>();
        for (Parameter parameter : parameters.values()) {
            NDArray array = parameter.getArray();
            float[] values = array.getDataType() == DataType.FLOAT32 ? array.toFloatArray()
                    : toFloats(array.toDoubleArray());
            tensors.add(new NamedTensor(parameter.getName(), array.getShape().getShape(), values));
        }
        return TensorState.of(tensors);
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
