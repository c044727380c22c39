package org.regiontag.engine.demo.pretrain;

import java.awt.image.BufferedImage;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.regiontag.engine.clip.image.ClipPreprocessor;
import org.regiontag.engine.demo.DemoDataset;
import org.regiontag.engine.demo.Scene;
import org.regiontag.engine.demo.SceneCategory;
import org.regiontag.engine.demo.SceneGenerator;
import org.regiontag.engine.demo.SceneLabels;

/**
 * The first images of a demo test split, ready for a model: each scene rendered at the settings'
 * scene size, resized square to the model's input with the model's preprocessing, and kept with
 * its labels and the visible mask of every present category at the scene size.
 *
 * <p>Rendering takes most of an evaluation's time, so a set is built once and scored as often as
 * needed. Memory: {@code 3·inputSize²} floats per image plus an eighth of a byte per mask pixel.
 */
public final class DemoTestSet {

    private static final int CATEGORIES = SceneCategory.values().length;

    private final DemoEvalSettings settings;
    private final int inputSize;
    private final float[] pixels;
    private final SceneLabels[] labels;
    private final BitSet[][] masks;

    private DemoTestSet(DemoEvalSettings settings, int inputSize, float[] pixels, SceneLabels[] labels,
            BitSet[][] masks) {
        this.settings = settings;
        this.inputSize = inputSize;
        this.pixels = pixels;
        this.labels = labels;
        this.masks = masks;
    }

    /**
     * Renders test images {@code 0..count-1} of the settings' seed, in parallel on the common pool.
     *
     * @param preprocessor the model's preprocessing (mean and standard deviation)
     * @param inputSize the model's input side in pixels
     */
    public static DemoTestSet render(DemoEvalSettings settings, int count, ClipPreprocessor preprocessor,
            int inputSize) {
        if (count < 1) {
            throw new IllegalArgumentException("a test set needs at least one image, found " + count);
        }
        SceneGenerator generator = new SceneGenerator();
        int plane = 3 * inputSize * inputSize;
        float[] pixels = new float[Math.multiplyExact(count, plane)]; // (count, 3, inputSize, inputSize)
        SceneLabels[] labels = new SceneLabels[count];
        BitSet[][] masks = new BitSet[count][CATEGORIES];
        int sceneSize = settings.sceneSize();

        IntStream.range(0, count).parallel().forEach(i -> {
            Scene scene = generator.generate(settings.seed(), DemoDataset.TEST_INDEX_OFFSET + i);
            SceneLabels sceneLabels = generator.labels(scene);
            BufferedImage image = generator.render(scene, sceneSize);
            System.arraycopy(preprocessor.square(image, inputSize), 0, pixels, i * plane, plane);
            labels[i] = sceneLabels;
            for (SceneCategory category : sceneLabels.presentCategories()) {
                boolean[] mask = sceneLabels.visibleMask(category, sceneSize); // (sceneSize, sceneSize)
                BitSet bits = new BitSet(mask.length);
                for (int p = 0; p < mask.length; p++) {
                    bits.set(p, mask[p]);
                }
                masks[i][category.ordinal()] = bits;
            }
        });
        return new DemoTestSet(settings, inputSize, pixels, labels, masks);
    }

    public DemoEvalSettings settings() {
        return settings;
    }

    public int size() {
        return labels.length;
    }

    public int inputSize() {
        return inputSize;
    }

    /** Returns the normalised pixels of images {@code [start, start + count)}, {@code (count, 3, inputSize, inputSize)} row-major. */
    float[] pixels(int start, int count) {
        int plane = 3 * inputSize * inputSize;
        float[] slice = new float[count * plane];
        System.arraycopy(pixels, start * plane, slice, 0, count * plane);
        return slice;
    }

    SceneLabels labels(int image) {
        return labels[image];
    }

    /** Returns the visible mask of a present category at the scene size, row-major. */
    BitSet mask(int image, SceneCategory category) {
        BitSet mask = masks[image][category.ordinal()];
        if (mask == null) {
            throw new IllegalArgumentException("category " + category.label() + " is absent from test image " + image);
        }
        return mask;
    }

    /** Returns the categories present in image {@code image}. */
    List<SceneCategory> present(int image) {
        return labels[image].presentCategories();
    }
}
