package org.regiontag.engine.train;

import java.util.Random;

/**
 * Draws batches of distinct images by walking through a shuffled order of all images and
 * reshuffling once it is used up (epochs without replacement), so every image is seen equally often.
 */
final class BatchSampler {

    private final int[] order;
    private final int batchSize;
    private final Random random;
    private int next;

    BatchSampler(int images, int batchSize, Random random) {
        this.order = new int[images];
        for (int i = 0; i < images; i++) {
            order[i] = i;
        }
        this.batchSize = Math.min(batchSize, images);
        this.random = random;
        shuffle();
    }

    /** Returns the next batch of image rows, batchSize of them (all images when there are fewer). */
    int[] next() {
        if (next + batchSize > order.length) {
            shuffle();
        }
        int[] batch = new int[batchSize];
        System.arraycopy(order, next, batch, 0, batchSize);
        next += batchSize;
        return batch;
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        next = 0;
    }
}
