package org.regiontag.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.Djl;

class TensorsTest {

    /**
     * DJL's own {@code x.mul(3f)} fails this check: the scalar's memory is freed by the garbage
     * collector before the backward pass reads it, and the gradient comes out as whatever the
     * memory then contains.
     */
    @Test
    void scalarHelpersKeepGradientsAfterGarbageCollection() throws Exception {
        float[] values = {0.5f, 2f, 3f, -1f};
        assertGradient(x -> Tensors.scale(x, 3), values, new float[] {3, 3, 3, 3});
        assertGradient(x -> Tensors.divide(x, 4), values, new float[] {0.25f, 0.25f, 0.25f, 0.25f});
        assertGradient(x -> Tensors.power(x, 2), values, new float[] {1, 4, 6, -2});
        assertGradient(x -> Tensors.maximum(x, 1), values, new float[] {0, 1, 1, 0});
        assertGradient(x -> Tensors.minimum(x, 1), values, new float[] {1, 0, 0, 1});
    }

    @Test
    void constantTakesArrayDataType() {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray scalar = manager.create(2f).sum();

            NDArray product = Tensors.scale(scalar, 0.1);

            assertThat(product.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(product.getFloat()).isCloseTo(0.2f, within(1e-7f));
        }
    }

    private static void assertGradient(UnaryOperator<NDArray> function, float[] values, float[] expected)
            throws Exception {
        float[] gradient = TrainingExecutor.call(() -> {
            try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
                NDArray x = manager.create(values);
                x.setRequiresGradient(true);
                try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                    NDArray total = function.apply(x).sum();
                    freeUnreachableDirectMemory();
                    collector.backward(total);
                }
                return x.getGradient().toFloatArray();
            }
        });
        assertThat(gradient).containsExactly(expected, within(1e-6f));
    }

    /** Collects garbage and refills freed direct memory with NaN, as a long training run does by chance. */
    private static void freeUnreachableDirectMemory() throws InterruptedException {
        System.gc();
        Thread.sleep(50);
        List<ByteBuffer> filler = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4);
            buffer.putFloat(0, Float.NaN);
            filler.add(buffer);
        }
        assertThat(filler).hasSize(200);
    }
}
