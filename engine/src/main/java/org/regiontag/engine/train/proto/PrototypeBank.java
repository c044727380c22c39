package org.regiontag.engine.train.proto;

import java.util.ArrayList;
import java.util.List;

/**
 * Visual category prototypes v_c, updated during training as an exponential moving average of the
 * normalised region representations of known positive cells.
 *
 * <p>At each step, every category with known positives in the batch takes the mean m of their
 * normalised region representations and sets v_c ← μ·v_c + (1 − μ)·m, or v_c ← m at its first
 * update. v_c is not renormalised: the cosine that scores against it ignores its norm.
 * Pseudo-labels never update it, so that a wrong pseudo-label cannot pull the prototype towards itself.
 *
 * <p>TODO: SARB's alternative, k-means with several centres per category for categories of varied
 * appearance, is not implemented. It needs the region representations of all known positives at the
 * end of a round (one extra pass over the cached features) and a per-centre fused score; add it as
 * a config choice when the ablation benchmark can show whether it helps.
 */
public final class PrototypeBank {

    private final int embedDim;
    private final double momentum;
    private final float[][] visual;
    private final long[] updates;

    /**
     * @param categories the number of categories
     * @param embedDim the width of each prototype
     * @param momentum μ
     */
    public PrototypeBank(int categories, int embedDim, double momentum) {
        this.embedDim = embedDim;
        this.momentum = momentum;
        this.visual = new float[categories][];
        this.updates = new long[categories];
    }

    /** Creates a bank that continues from a saved state. */
    public static PrototypeBank fromState(PrototypeState state, double momentum) {
        PrototypeBank bank = new PrototypeBank(state.categories().size(), state.embedDim(), momentum);
        for (CategoryPrototype prototype : state.categories()) {
            if (prototype.hasVisual()) {
                bank.visual[prototype.category()] = prototype.visual();
                bank.updates[prototype.category()] = prototype.updates();
            }
        }
        return bank;
    }

    /**
     * Updates the prototypes of the categories present in a batch.
     *
     * @param normalisedFeatures row-major (count, embedDim) unit region representations of known positive cells
     * @param categories the category of each row
     */
    public void update(float[] normalisedFeatures, int[] categories) {
        int count = categories.length;
        if (normalisedFeatures.length != count * embedDim) {
            throw new IllegalArgumentException(count + " rows need " + count * embedDim + " values, not "
                    + normalisedFeatures.length);
        }
        double[][] sums = new double[visual.length][];
        int[] counts = new int[visual.length];
        for (int row = 0; row < count; row++) {
            int category = categories[row];
            if (sums[category] == null) {
                sums[category] = new double[embedDim];
            }
            for (int d = 0; d < embedDim; d++) {
                sums[category][d] += normalisedFeatures[row * embedDim + d];
            }
            counts[category]++;
        }
        for (int c = 0; c < visual.length; c++) {
            if (counts[c] == 0) {
                continue;
            }
            float[] next = new float[embedDim];
            for (int d = 0; d < embedDim; d++) {
                double mean = sums[c][d] / counts[c];
                next[d] = visual[c] == null ? (float) mean : (float) (momentum * visual[c][d] + (1 - momentum) * mean);
            }
            visual[c] = next;
            updates[c]++;
        }
    }

    public int categories() {
        return visual.length;
    }

    public int embedDim() {
        return embedDim;
    }

    public boolean hasVisual(int category) {
        return visual[category] != null;
    }

    /** v_c, a copy; empty when the category has no visual prototype yet. */
    public float[] visual(int category) {
        return visual[category] == null ? new float[0] : visual[category].clone();
    }

    /**
     * Copies the bank, with the given text prototypes, into a serialisable state.
     *
     * @param textPrototypes normalised g⁺_c per category, (categories, embedDim)
     */
    public PrototypeState snapshot(float[][] textPrototypes) {
        List<CategoryPrototype> categories = new ArrayList<>();
        for (int c = 0; c < visual.length; c++) {
            categories.add(new CategoryPrototype(c, visual(c), textPrototypes[c], updates[c]));
        }
        return new PrototypeState(embedDim, categories);
    }
}
