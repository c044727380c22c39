package org.regiontag.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The trainable tensors of a model, by name, in creation order: what a model version saves
 * (as safetensors) and what the next round starts from.
 */
public final class TensorState {

    private static final TensorState EMPTY = new TensorState(Map.of());

    private final Map<String, NamedTensor> tensors;

    private TensorState(Map<String, NamedTensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** No tensors: every parameter takes its initial value. */
    public static TensorState empty() {
        return EMPTY;
    }

    /** A state of the given tensors, keeping their order; names must be unique. */
    public static TensorState of(Collection<NamedTensor> tensors) {
        Map<String, NamedTensor> byName = new LinkedHashMap<>();
        for (NamedTensor tensor : tensors) {
            if (byName.put(tensor.name(), tensor) != null) {
                throw new IllegalArgumentException("tensor name " + tensor.name() + " appears twice");
            }
        }
        return new TensorState(byName);
    }

    /**
     * Reads named float tensors, such as the arrays of a decoded safetensors file.
     *
     * @param list arrays whose names are parameter names
     */
    public static TensorState fromNDList(NDList list) {
        Map<String, NamedTensor> byName = new LinkedHashMap<>();
        for (NDArray array : list) {
            String name = array.getName();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("every tensor of a model state needs a name");
            }
            byName.put(name, new NamedTensor(name, array.getShape().getShape(), array.toFloatArray()));
        }
        return new TensorState(byName);
    }

    /** Creates named float32 arrays in the manager, for saving as safetensors. */
    public NDList toNDList(NDManager manager) {
        NDList list = new NDList();
        for (NamedTensor tensor : tensors.values()) {
            NDArray array = manager.create(tensor.values(), new Shape(tensor.shape()));
            array.setName(tensor.name());
            list.add(array);
        }
        return list;
    }

    public Optional<NamedTensor> get(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** Returns every tensor, in creation order. */
    public Collection<NamedTensor> tensors() {
        return tensors.values();
    }

    public int size() {
        return tensors.size();
    }

    /** Counts the values of all tensors: the model's trainable parameter count. */
    public long parameterCount() {
        long count = 0;
        for (NamedTensor tensor : tensors.values()) {
            count += tensor.valueCount();
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorState state && tensors.equals(state.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "TensorState" + tensors.values();
    }
}
