package org.regiontag.engine.project;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.features.FeatureShape;
import org.regiontag.engine.train.FeatureBatch;
import org.regiontag.engine.train.FeatureSource;

/**
 * The cached features of a fixed list of images, read from the feature cache a batch at a time
 * (memory-mapped, widened to float32 by the engine), so that a round never holds all of them.
 */
public final class CachedFeatures implements FeatureSource {

    private final FeatureCache cache;
    private final List<String> sha256s;

    /**
     * @param cache the backbone's cache folder
     * @param sha256s the images' content hashes, in row order; each must have an entry
     */
    public CachedFeatures(FeatureCache cache, List<String> sha256s) {
        this.cache = cache;
        this.sha256s = List.copyOf(sha256s);
    }

    @Override
    public int size() {
        return sha256s.size();
    }

    @Override
    public int gridHeight() {
        return shape().height();
    }

    @Override
    public int gridWidth() {
        return shape().width();
    }

    @Override
    public int embedDim() {
        return shape().embedDim();
    }

    private FeatureShape shape() {
        return cache.shape();
    }

    @Override
    public FeatureBatch load(NDManager manager, int[] rows) {
        List<String> batch = new ArrayList<>(rows.length);
        for (int row : rows) {
            batch.add(sha256s.get(row));
        }
        try {
            org.regiontag.engine.features.FeatureBatch read = cache.readBatch(batch, manager);
            return new FeatureBatch(read.dense(), read.globals()); // (B, h, w, d) and (B, d)
        } catch (IOException e) {
            throw new UncheckedIOException("reading cached features from " + cache.folder() + " failed", e);
        }
    }
}
