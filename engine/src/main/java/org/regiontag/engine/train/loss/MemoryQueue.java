package org.regiontag.engine.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.regiontag.engine.train.Tensors;

/**
 * A first-in first-out queue of normalised region representations from earlier steps, each with its
 * category and label (+1 or −1), so that the contrastive loss gets positives of rare categories
 * that the current batch lacks (MoCo's memory queue, used by TRM-ML's multimodal contrastive loss).
 *
 * <p>The values are kept in Java arrays, detached from any graph: gradients never flow into them.
 * Once full, each new entry overwrites the oldest.
 */
public final class MemoryQueue {

    private final int capacity;
    private final int embedDim;
    private final float[] features;
    private final int[] categories;
    private final int[] labels;
    private int size;
    private int next;

    public MemoryQueue(int capacity, int embedDim) {
        if (capacity < 0 || embedDim < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " and embedDim " + embedDim + " are invalid");
        }
        this.capacity = capacity;
        this.embedDim = embedDim;
        this.features = new float[capacity * embedDim];
        this.categories = new int[capacity];
        this.labels = new int[capacity];
    }

    /**
     * Appends entries, overwriting the oldest once the queue is full.
     *
     * @param normalisedFeatures row-major (count, embedDim) unit vectors
     * @param entryCategories the category of each entry
     * @param entryLabels +1 or −1 for each entry
     */
    public void enqueue(float[] normalisedFeatures, int[] entryCategories, int[] entryLabels) {
        int count = entryCategories.length;
        if (normalisedFeatures.length != count * embedDim || entryLabels.length != count) {
            throw new IllegalArgumentException(count + " entries need " + count * embedDim + " feature values and "
                    + count + " labels");
        }
        if (capacity == 0) {
            return;
        }
        for (int i = 0; i < count; i++) {
            if (entryLabels[i] != 1 && entryLabels[i] != -1) {
                throw new IllegalArgumentException("queue label " + entryLabels[i] + " is not +1 or -1");
            }
            System.arraycopy(normalisedFeatures, i * embedDim, features, next * embedDim, embedDim);
            categories[next] = entryCategories[i];
            labels[next] = entryLabels[i];
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
        }
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** The stored features in slot order, (size, embedDim), as constants in the manager. */
    public NDArray features(NDManager manager, DataType dataType) {
        float[] stored = new float[size * embedDim];
        System.arraycopy(features, 0, stored, 0, stored.length);
        return Tensors.create(manager, stored, new Shape(size, embedDim), dataType); // (size, D)
    }

    /** The category of each stored entry, in slot order. */
    public int[] categories() {
        int[] stored = new int[size];
        System.arraycopy(categories, 0, stored, 0, size);
        return stored;
    }

    /** The label (+1 or −1) of each stored entry, in slot order. */
    public int[] labels() {
        int[] stored = new int[size];
        System.arraycopy(labels, 0, stored, 0, size);
        return stored;
    }
}
