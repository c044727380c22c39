package org.regiontag.engine.demo.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.DenseMode;
import org.regiontag.engine.clip.ImageFeatures;
import org.regiontag.engine.demo.PointingGame;
import org.regiontag.engine.demo.SceneCategory;
import org.regiontag.engine.demo.SceneGenerator;
import org.regiontag.engine.eval.MultiLabelMetrics;
import org.regiontag.engine.heatmap.Bilinear;
import org.regiontag.engine.heatmap.SimilarityMap;
import org.regiontag.engine.train.Tensors;

/**
 * Scores a CLIP model on a demo test split before any training round: prompt-scoring mAP from
 * the global image embedding, and the pointing game on text-pixel heatmaps from the dense
 * features. Works for any checkpoint that {@link ClipModel} loads; for the demo model, whose
 * categories are its pretraining categories, the mAP is prompt scoring of known categories on new
 * images, not zero-shot recognition.
 */
public final class DemoModelEvaluator {

    /** Images encoded per forward pass. */
    private static final int BATCH = 100;
    private static final int CATEGORIES = SceneCategory.values().length;

    private DemoModelEvaluator() {
    }

    /**
     * Renders {@code count} test images for the model and scores them.
     *
     * @see DemoTestSet#render
     */
    public static DemoModelEvaluation evaluate(ClipModel model, DemoEvalSettings settings, int count) {
        DemoTestSet set = DemoTestSet.render(settings, count, model.preprocessor(), model.config().vision().imageSize());
        return evaluate(model, set);
    }

    /**
     * Scores a model on a rendered test set. The images must have been rendered for this model's
     * input size and preprocessing.
     */
    public static DemoModelEvaluation evaluate(ClipModel model, DemoTestSet set) {
        if (set.inputSize() != model.config().vision().imageSize()) {
            throw new IllegalArgumentException("the test set was rendered at " + set.inputSize() + " px; the model"
                    + " takes " + model.config().vision().imageSize() + " px");
        }
        long start = System.nanoTime();
        int images = set.size();
        float[] scores = new float[images * CATEGORIES]; // (images, categories)
        float[] heat = null; // (images, gridHeight, gridWidth, categories)
        int gridHeight = 0;
        int gridWidth = 0;

        try (NDManager manager = Djl.newBaseManager(model.device())) {
            List<String> prompts = new ArrayList<>();
            for (String name : SceneGenerator.categories()) {
                prompts.add(SceneGenerator.prompt(set.settings().template(), name));
            }
            NDArray text = Tensors.l2Normalize(model.encodeText(prompts, manager)).transpose(); // (embedDim, categories)

            int side = set.inputSize();
            for (int first = 0; first < images; first += BATCH) {
                int count = Math.min(BATCH, images - first);
                try (NDManager batchManager = manager.newSubManager()) {
                    NDArray pixels = batchManager.create(set.pixels(first, count), new Shape(count, 3, side, side));
                    ImageFeatures features = model.encodeImageDense(pixels, DenseMode.VALUE_PATH);
                    NDArray global = Tensors.l2Normalize(features.global()).matMul(text); // (count, categories)
                    NDArray dense = Tensors.l2Normalize(features.dense()).matMul(text); // (count, h, w, categories)
                    if (heat == null) {
                        gridHeight = (int) dense.getShape().get(1);
                        gridWidth = (int) dense.getShape().get(2);
                        heat = new float[images * gridHeight * gridWidth * CATEGORIES];
                    }
                    float[] batchScores = global.toFloatArray();
                    float[] batchHeat = dense.toFloatArray();
                    System.arraycopy(batchScores, 0, scores, first * CATEGORIES, batchScores.length);
                    System.arraycopy(batchHeat, 0, heat, first * gridHeight * gridWidth * CATEGORIES,
                            batchHeat.length);
                }
            }
        }

        double[] averagePrecision = averagePrecisions(set, scores);
        Pointing pointing = pointing(set, heat, gridHeight, gridWidth);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new DemoModelEvaluation(images, mean(averagePrecision), averagePrecision, pointing.trials,
                100 * pointing.pixelHits / pointing.trials, 100 * pointing.pixelBaseline / pointing.trials,
                100 * pointing.cells.accuracy(), 100 * pointing.cells.randomBaseline(), seconds);
    }

    private static double[] averagePrecisions(DemoTestSet set, float[] scores) {
        int images = set.size();
        double[] averagePrecision = new double[CATEGORIES];
        for (SceneCategory category : SceneCategory.values()) {
            int c = category.ordinal();
            double[] column = new double[images];
            boolean[] positive = new boolean[images];
            for (int i = 0; i < images; i++) {
                column[i] = scores[i * CATEGORIES + c];
                positive[i] = set.labels(i).isPresent(category);
            }
            averagePrecision[c] = 100 * MultiLabelMetrics.averagePrecision(column, positive);
        }
        return averagePrecision;
    }

    /** Counts of the pointing game at the pixel and the cell level. */
    private static final class Pointing {
        long trials;
        double pixelHits;
        double pixelBaseline;
        final PointingGame cells = new PointingGame();
    }

    private static Pointing pointing(DemoTestSet set, float[] heat, int gridHeight, int gridWidth) {
        Pointing pointing = new Pointing();
        int sceneSize = set.settings().sceneSize();
        int cellsPerImage = gridHeight * gridWidth;
        for (int i = 0; i < set.size(); i++) {
            for (SceneCategory category : set.present(i)) {
                float[] map = new float[cellsPerImage]; // (gridHeight, gridWidth)
                for (int cell = 0; cell < cellsPerImage; cell++) {
                    map[cell] = heat[(i * cellsPerImage + cell) * CATEGORIES + category.ordinal()];
                }
                if (gridHeight == gridWidth) {
                    pointing.cells.add(map, gridHeight, set.labels(i), category);
                }
                BitSet mask = set.mask(i, category);
                pointing.trials++;
                pointing.pixelHits += hottestPixelInside(map, gridHeight, gridWidth, sceneSize, mask) ? 1 : 0;
                pointing.pixelBaseline += (double) mask.cardinality() / ((double) sceneSize * sceneSize);
            }
        }
        return pointing;
    }

    /**
     * Plays the pointing game at the pixel level: returns whether the hottest pixel of a heatmap,
     * bilinearly upsampled from the dense grid to the scene, lies inside the object's mask.
     *
     * @param map {@code (gridHeight, gridWidth)} row-major
     * @param mask the object's visible pixels of the {@code (sceneSize, sceneSize)} scene, row-major
     */
    static boolean hottestPixelInside(float[] map, int gridHeight, int gridWidth, int sceneSize, BitSet mask) {
        float[] upsampled = Bilinear.resize(new SimilarityMap(map, gridHeight, gridWidth), sceneSize,
                sceneSize); // (sceneSize, sceneSize)
        return mask.get(hottest(upsampled));
    }

    /** Returns the index of the largest value, the first one on ties. */
    private static int hottest(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double mean(double[] values) {
        double sum = 0;
        int count = 0;
        for (double value : values) {
            if (!Double.isNaN(value)) {
                sum += value;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
