package org.regiontag.engine.demo;

/**
 * The pointing game for heatmaps of demo scenes: a heatmap of a present category hits when its
 * hottest cell overlaps the category's visible region. For a heatmap at the image's own pixel
 * size this is "the hottest pixel lies inside the object"; for a coarse map such as 8 by 8 a cell
 * counts when any of it shows the object, sampled at least {@link SceneConfig#labelResolution()}
 * times per image side so that small objects are not missed.
 *
 * <p>Alongside the hit rate it keeps the rate a uniformly random cell would reach (the share of
 * cells that overlap the object, averaged over trials), the baseline to compare against. Not
 * thread-safe: use one instance per thread and add them up with {@link #merge}.
 */
public final class PointingGame {

    private long trials;
    private long hits;
    private double randomHitSum;

    /**
     * Scores one heatmap.
     *
     * @param heatmap scores of one category, (side, side) row-major, higher meaning more likely;
     *     the first of equal maxima counts
     * @param side cells per heatmap side
     * @param labels the labels of the heatmap's scene
     * @param category the category the heatmap is for; it must be present in the scene
     * @return whether the hottest cell overlaps the category
     */
    public boolean add(float[] heatmap, int side, SceneLabels labels, SceneCategory category) {
        if (side < 1 || heatmap.length != side * side) {
            throw new IllegalArgumentException("heatmap has " + heatmap.length + " values; expected side * side = "
                    + (long) side * side + " for side " + side);
        }
        if (!labels.isPresent(category)) {
            throw new IllegalArgumentException("category " + category.label()
                    + " is absent from the scene; the pointing game scores present categories only");
        }

        float[] coverage = labels.coverage(side); // (categories, side, side)
        int offset = category.ordinal() * side * side;
        int covered = 0;
        for (int i = 0; i < side * side; i++) {
            if (coverage[offset + i] > 0) {
                covered++;
            }
        }
        boolean hit = coverage[offset + hottestCell(heatmap)] > 0;

        trials++;
        hits += hit ? 1 : 0;
        randomHitSum += (double) covered / (side * side);
        return hit;
    }

    /** Adds another game's trials to this one. */
    public void merge(PointingGame other) {
        trials += other.trials;
        hits += other.hits;
        randomHitSum += other.randomHitSum;
    }

    public long trials() {
        return trials;
    }

    public long hits() {
        return hits;
    }

    /** Returns the share of trials that hit, or NaN before the first trial. */
    public double accuracy() {
        return trials == 0 ? Double.NaN : (double) hits / trials;
    }

    /** Returns the expected accuracy of pointing at a uniformly random cell, or NaN before the first trial. */
    public double randomBaseline() {
        return trials == 0 ? Double.NaN : randomHitSum / trials;
    }

    /**
     * Returns the index of the largest value, the first one on ties.
     *
     * @throws IllegalArgumentException when the heatmap is empty or contains NaN
     */
    static int hottestCell(float[] heatmap) {
        if (heatmap.length == 0) {
            throw new IllegalArgumentException("heatmap is empty");
        }
        int best = 0;
        for (int i = 0; i < heatmap.length; i++) {
            if (Float.isNaN(heatmap[i])) {
                throw new IllegalArgumentException("heatmap value " + i + " is NaN");
            }
            if (heatmap[i] > heatmap[best]) {
                best = i;
            }
        }
        return best;
    }
}
