package org.regiontag.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.Djl;
import org.regiontag.engine.train.heads.HeadOutput;
import org.regiontag.engine.train.heads.MatchingHeads;
import org.regiontag.engine.train.text.EmbeddingTextSide;

/**
 * Shapes, finiteness and values of the three matching heads, each compared with the formula
 * evaluated independently in plain Java doubles (tolerance 1e-9 in float64).
 */
class HeadsTest {

    private static final int BATCH = 3;
    private static final int HEIGHT = 2;
    private static final int WIDTH = 3;
    private static final int EMBED = 5;
    private static final int CATEGORIES = 4;
    private static final double TOLERANCE = 1e-9;

    private final Random random = new Random(7);
    private final float[][] queries = randomMatrix(CATEGORIES, EMBED);
    private final float[][] positive = randomMatrix(CATEGORIES, EMBED);
    private final float[][] negative = randomMatrix(CATEGORIES, EMBED);
    private final float[] dense = randomVector(BATCH * HEIGHT * WIDTH * EMBED);
    private final float[] global = randomVector(BATCH * EMBED);

    @Test
    void carlStepZeroEqualsTextPixelAttention() {
        TrainingConfig config = TrainingConfig.defaults();
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            TrmModel.Forward forward = forward(manager, config);
            HeadOutput output = forward.head();

            assertShapesAndFinite(output, true);
            double[] maps = output.regionMaps().orElseThrow().toDoubleArray();
            double[] features = output.regionFeatures().toDoubleArray();
            double[] logits = output.logits().toDoubleArray();
            double tau = config.spatialTemperatureInit();
            double alpha = config.logitScaleInit();
            int locations = HEIGHT * WIDTH;
            for (int b = 0; b < BATCH; b++) {
                for (int c = 0; c < CATEGORIES; c++) {
                    double[] expectedMap = softmax(textPixel(b, c, queries), tau);
                    double[] expectedFeature = new double[EMBED];
                    for (int j = 0; j < locations; j++) {
                        assertThat(maps[(b * CATEGORIES + c) * locations + j]).as("r[%d][%d][%d]", b, c, j)
                                .isCloseTo(expectedMap[j], within(TOLERANCE));
                        double[] pixel = normalise(pixel(b, j));
                        for (int d = 0; d < EMBED; d++) {
                            expectedFeature[d] += expectedMap[j] * pixel[d];
                        }
                    }
                    for (int d = 0; d < EMBED; d++) {
                        assertThat(features[(b * CATEGORIES + c) * EMBED + d]).as("f[%d][%d][%d]", b, c, d)
                                .isCloseTo(expectedFeature[d], within(TOLERANCE));
                    }
                    double expectedLogit = alpha * (cosine(expectedFeature, toDouble(positive[c]))
                            - cosine(expectedFeature, toDouble(negative[c])));
                    assertThat(logits[b * CATEGORIES + c]).as("s[%d][%d]", b, c)
                            .isCloseTo(expectedLogit, within(TOLERANCE * alpha));
                }
            }
        }
    }

    @Test
    void regionMapEqualsTextPixelHeatmapSoftmax() {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            TrmModel.Forward forward = forward(manager, TrainingConfig.defaults());
            NDArray queryArray = manager.create(Tensors.flatten(queries), new Shape(CATEGORIES, EMBED))
                    .toType(DataType.FLOAT64, false);
            NDArray heatmap = MatchingHeads.textPixelMap(denseArray(manager), queryArray); // (B, C, h, w)
            NDArray expected = heatmap.reshape(BATCH, CATEGORIES, HEIGHT * WIDTH)
                    .div(TrainingConfig.defaults().spatialTemperatureInit()).softmax(-1)
                    .reshape(BATCH, CATEGORIES, HEIGHT, WIDTH);

            NDArray actual = forward.head().regionMaps().orElseThrow();

            assertThat(heatmap.getShape()).isEqualTo(new Shape(BATCH, CATEGORIES, HEIGHT, WIDTH));
            assertThat(actual.sub(expected).abs().max().getDouble()).isLessThan(TOLERANCE);
        }
    }

    @Test
    void pixelHeadAggregatesLikeDualCoOp() {
        TrainingConfig config = TrainingConfig.builder().matching(Matching.PIXEL).build();
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            HeadOutput output = forward(manager, config).head();

            assertShapesAndFinite(output, true);
            double[] maps = output.regionMaps().orElseThrow().toDoubleArray();
            double[] logits = output.logits().toDoubleArray();
            int locations = HEIGHT * WIDTH;
            for (int b = 0; b < BATCH; b++) {
                for (int c = 0; c < CATEGORIES; c++) {
                    double[] positiveSimilarity = textPixel(b, c, positive);
                    double[] negativeSimilarity = textPixel(b, c, negative);
                    double[] weights = softmax(positiveSimilarity, config.spatialTemperatureInit());
                    double expected = 0;
                    for (int j = 0; j < locations; j++) {
                        expected += weights[j] * (positiveSimilarity[j] - negativeSimilarity[j]);
                        assertThat(maps[(b * CATEGORIES + c) * locations + j]).isCloseTo(weights[j], within(TOLERANCE));
                    }
                    assertThat(logits[b * CATEGORIES + c]).isCloseTo(config.logitScaleInit() * expected,
                            within(TOLERANCE * config.logitScaleInit()));
                }
            }
        }
    }

    @Test
    void imageHeadMatchesGlobalEmbedding() {
        TrainingConfig config = TrainingConfig.builder().matching(Matching.IMAGE).build();
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            HeadOutput output = forward(manager, config).head();

            assertShapesAndFinite(output, false);
            double[] logits = output.logits().toDoubleArray();
            for (int b = 0; b < BATCH; b++) {
                double[] image = new double[EMBED];
                for (int d = 0; d < EMBED; d++) {
                    image[d] = global[b * EMBED + d];
                }
                for (int c = 0; c < CATEGORIES; c++) {
                    double expected = config.logitScaleInit()
                            * (cosine(image, toDouble(positive[c])) - cosine(image, toDouble(negative[c])));
                    assertThat(logits[b * CATEGORIES + c]).isCloseTo(expected, within(TOLERANCE * 100));
                }
            }
        }
    }

    @Test
    void logitScaleIsClampedAtMaximum() {
        TrainingConfig config = TrainingConfig.builder().logitScaleInit(80).logitScaleMax(100).build();
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            TrainableParameters parameters = new TrainableParameters(manager, DataType.FLOAT64,
                    java.util.Map.of("head.logitScale", manager.create(new double[] {Math.log(400)})));
            TrmModel model = TrmModel.create(parameters, config, spec());
            NDArray clamped = model.forward(batch(manager)).head().logits();
            try (NDManager other = Djl.newBaseManager(Device.cpu())) {
                TrainableParameters atMaximum = new TrainableParameters(other, DataType.FLOAT64,
                        java.util.Map.of("head.logitScale", other.create(new double[] {Math.log(100)})));
                NDArray expected = TrmModel.create(atMaximum, config, spec()).forward(batch(other)).head().logits();

                assertThat(clamped.toDoubleArray()).containsExactly(expected.toDoubleArray(), within(1e-12));
            }
        }
    }

    private TrmModel.Forward forward(NDManager manager, TrainingConfig config) {
        TrmModel model = TrmModel.create(manager, DataType.FLOAT64, config, spec(), TensorState.empty());
        return model.forward(batch(manager));
    }

    private ModelSpec spec() {
        return new ModelSpec(queries, EmbeddingTextSide.factory(positive, negative));
    }

    private FeatureBatch batch(NDManager manager) {
        NDArray globalArray = manager.create(global, new Shape(BATCH, EMBED)).toType(DataType.FLOAT64, false);
        return new FeatureBatch(denseArray(manager), globalArray);
    }

    private NDArray denseArray(NDManager manager) {
        return manager.create(dense, new Shape(BATCH, HEIGHT, WIDTH, EMBED)).toType(DataType.FLOAT64, false);
    }

    private static void assertShapesAndFinite(HeadOutput output, boolean hasMaps) {
        assertThat(output.logits().getShape()).isEqualTo(new Shape(BATCH, CATEGORIES));
        assertThat(output.regionFeatures().getShape()).isEqualTo(new Shape(BATCH, CATEGORIES, EMBED));
        assertThat(output.regionMaps().isPresent()).isEqualTo(hasMaps);
        assertThat(output.logits().isNaN().any().getBoolean()).isFalse();
        assertThat(output.regionFeatures().isNaN().any().getBoolean()).isFalse();
        output.regionMaps().ifPresent(maps -> {
            assertThat(maps.getShape()).isEqualTo(new Shape(BATCH, CATEGORIES, HEIGHT, WIDTH));
            assertThat(maps.isNaN().any().getBoolean()).isFalse();
            NDArray sums = maps.reshape(BATCH, CATEGORIES, HEIGHT * WIDTH).sum(new int[] {-1});
            assertThat(sums.sub(1).abs().max().getDouble()).isLessThan(1e-12);
        });
    }

    private double[] textPixel(int b, int c, float[][] text) {
        double[] similarity = new double[HEIGHT * WIDTH];
        for (int j = 0; j < similarity.length; j++) {
            similarity[j] = cosine(pixel(b, j), toDouble(text[c]));
        }
        return similarity;
    }

    private double[] pixel(int b, int j) {
        double[] values = new double[EMBED];
        for (int d = 0; d < EMBED; d++) {
            values[d] = dense[(b * HEIGHT * WIDTH + j) * EMBED + d];
        }
        return values;
    }

    private static double[] softmax(double[] values, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value / temperature);
        }
        double sum = 0;
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Math.exp(values[i] / temperature - max);
            sum += result[i];
        }
        for (int i = 0; i < values.length; i++) {
            result[i] /= sum;
        }
        return result;
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return dot / Math.sqrt(normA) / Math.sqrt(normB);
    }

    private static double[] normalise(double[] values) {
        double norm = 0;
        for (double value : values) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i] / norm;
        }
        return result;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    private float[][] randomMatrix(int rows, int cols) {
        float[][] matrix = new float[rows][];
        for (int i = 0; i < rows; i++) {
            matrix[i] = randomVector(cols);
        }
        return matrix;
    }

    private float[] randomVector(int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
