package org.regiontag.engine.train.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.Djl;

class MemoryQueueTest {

    @Test
    void fullQueueOverwritesOldestEntries() {
        MemoryQueue queue = new MemoryQueue(3, 2);
        queue.enqueue(new float[] {1, 0, 0, 1}, new int[] {0, 1}, new int[] {1, -1});
        queue.enqueue(new float[] {2, 0, 3, 0}, new int[] {2, 3}, new int[] {1, 1});

        assertThat(queue.size()).isEqualTo(3);
        // Slot 0 contained the oldest entry (category 0) and now contains the newest (category 3).
        assertThat(queue.categories()).containsExactly(3, 1, 2);
        assertThat(queue.labels()).containsExactly(1, -1, 1);
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            assertThat(queue.features(manager, DataType.FLOAT32).toFloatArray()).containsExactly(3, 0, 0, 1, 2, 0);
        }
    }

    @Test
    void emptyCapacityKeepsNothing() {
        MemoryQueue queue = new MemoryQueue(0, 2);
        queue.enqueue(new float[] {1, 0}, new int[] {0}, new int[] {1});

        assertThat(queue.size()).isZero();
    }

    @Test
    void unknownLabelsAreRejected() {
        MemoryQueue queue = new MemoryQueue(2, 1);

        assertThatThrownBy(() -> queue.enqueue(new float[] {1}, new int[] {0}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not +1 or -1");
    }

    @Test
    void samplesTakeAllPositivesAndCappedNegatives() {
        // Two images, three categories: 2 positives, 3 negatives, 1 unknown.
        int[] labels = {1, -1, 0, -1, 1, -1};

        ContrastSamples one = ContrastSamples.select(labels, 3, 1, new Random(4));
        ContrastSamples none = ContrastSamples.select(labels, 3, 0, new Random(4));
        ContrastSamples many = ContrastSamples.select(labels, 3, 5, new Random(4));

        assertThat(one.size()).isEqualTo(4);
        assertThat(one.cells()).contains(0, 4).doesNotContain(2).isSorted();
        assertThat(none.cells()).containsExactly(0, 4);
        assertThat(many.cells()).containsExactly(0, 1, 3, 4, 5);
        assertThat(many.categories()).containsExactly(0, 1, 0, 1, 2);
        assertThat(many.labels()).containsExactly(1, -1, -1, 1, -1);
    }
}
