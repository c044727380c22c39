package org.regiontag.engine.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The features of several images, widened to float32 in direct buffers of the platform's byte
 * order, so that {@link NDManager#create} takes them without another copy on the CPU.
 *
 * @param sha256s the images, in batch order
 * @param shape the shapes of one entry
 * @param globals the global embeddings {@code (batch, embedDim)}
 * @param dense the dense maps {@code (batch, height, width, embedDim)}
 */
public record FeatureBatch(List<String> sha256s, FeatureShape shape, ByteBuffer globals, ByteBuffer dense) {

    static FeatureBatch allocate(List<String> sha256s, FeatureShape shape) {
        int batch = sha256s.size();
        ByteBuffer globals = ByteBuffer.allocateDirect(Math.multiplyExact(4 * batch, shape.embedDim()))
                .order(ByteOrder.nativeOrder());
        ByteBuffer dense = ByteBuffer.allocateDirect(Math.multiplyExact(4 * batch, shape.denseLength()))
                .order(ByteOrder.nativeOrder());
        return new FeatureBatch(sha256s, shape, globals, dense);
    }

    public int size() {
        return sha256s.size();
    }

    /** Creates the global embeddings as an NDArray {@code (batch, embedDim)} of {@code manager}. */
    public NDArray globalsArray(NDManager manager) {
        return manager.create(globals.duplicate().order(ByteOrder.nativeOrder()), new Shape(size(), shape.embedDim()),
                DataType.FLOAT32);
    }

    /** Creates the dense maps as an NDArray {@code (batch, height, width, embedDim)} of {@code manager}. */
    public NDArray denseArray(NDManager manager) {
        return manager.create(dense.duplicate().order(ByteOrder.nativeOrder()),
                new Shape(size(), shape.height(), shape.width(), shape.embedDim()), DataType.FLOAT32);
    }
}
