package org.regiontag.engine.train.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The labelled cells of a batch that take part in the contrastive loss and enter the memory queue.
 *
 * <p>Every cell with a positive label (known or pseudo) is taken, and at most
 * {@code negativesPerPositive} negative cells per positive, drawn at random: in a multi-label
 * dataset most cells are negative, and without a cap they would crowd the positives out of the
 * loss and the queue. Unknown cells are never taken.
 *
 * @param cells flattened cell indices row × categories + category, ascending
 * @param categories the category of each cell
 * @param labels +1 or −1 for each cell
 */
public record ContrastSamples(int[] cells, int[] categories, int[] labels) {

    /**
     * Draws the samples of a batch.
     *
     * @param labels +1, −1 or 0 per cell, row-major (batch, categories)
     * @param categoryCount the number of categories
     * @param negativesPerPositive the cap on negatives per positive
     * @param random the source of the negative draw
     */
    public static ContrastSamples select(int[] labels, int categoryCount, int negativesPerPositive, Random random) {
        List<Integer> positives = new ArrayList<>();
        List<Integer> negatives = new ArrayList<>();
        for (int cell = 0; cell < labels.length; cell++) {
            if (labels[cell] == 1) {
                positives.add(cell);
            } else if (labels[cell] == -1) {
                negatives.add(cell);
            }
        }
        int negativeCount = (int) Math.min(negatives.size(), (long) positives.size() * negativesPerPositive);
        // A partial Fisher-Yates shuffle picks negativeCount distinct negatives.
        for (int i = 0; i < negativeCount; i++) {
            int j = i + random.nextInt(negatives.size() - i);
            Integer swap = negatives.get(i);
            negatives.set(i, negatives.get(j));
            negatives.set(j, swap);
        }
        boolean[] chosen = new boolean[labels.length];
        positives.forEach(cell -> chosen[cell] = true);
        negatives.subList(0, negativeCount).forEach(cell -> chosen[cell] = true);

        int count = positives.size() + negativeCount;
        int[] cells = new int[count];
        int[] categories = new int[count];
        int[] sampleLabels = new int[count];
        int next = 0;
        for (int cell = 0; cell < labels.length; cell++) {
            if (chosen[cell]) {
                cells[next] = cell;
                categories[next] = cell % categoryCount;
                sampleLabels[next] = labels[cell];
                next++;
            }
        }
        return new ContrastSamples(cells, categories, sampleLabels);
    }

    public int size() {
        return cells.length;
    }
}
