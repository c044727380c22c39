package org.regiontag.engine.train.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.Djl;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.train.InMemoryFeatures;
import org.regiontag.engine.train.Matching;
import org.regiontag.engine.train.ModelSpec;
import org.regiontag.engine.train.TensorState;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.TrmModel;
import org.regiontag.engine.train.text.EmbeddingTextSide;

/**
 * Prototype scores of the image head, whose region representation is the global embedding,
 * against the formulas evaluated in plain Java.
 */
class CellScorerTest {

    private static final float[][] POSITIVE = {{1, 0, 0}, {0, 1, 0}, {0.6f, 0.8f, 0}};
    private static final float[][] NEGATIVE = {{0, 0, 1}, {0, 0.5f, 1}, {1, 0, 1}};
    private static final float[] VISUAL_0 = {0.8f, 0, 0.6f};
    private static final float[] GLOBAL = {0.9f, 0.3f, 0.1f, -0.2f, 1.0f, 0.4f, 0.5f, 0.5f, -0.7f};
    private static final double WEIGHT = 0.3;

    @Test
    void scoresFuseVisualAndTextPrototypes() {
        TrainingConfig config = TrainingConfig.builder().matching(Matching.IMAGE).build();
        ModelSpec spec = new ModelSpec(POSITIVE, EmbeddingTextSide.factory(POSITIVE, NEGATIVE));
        PrototypeState prototypes = new PrototypeState(3, List.of(
                new CategoryPrototype(0, VISUAL_0, POSITIVE[0], 5),
                new CategoryPrototype(1, new float[0], POSITIVE[1], 0),
                new CategoryPrototype(2, new float[0], POSITIVE[2], 0)));
        InMemoryFeatures features = new InMemoryFeatures(3, 1, 1, 3, GLOBAL, GLOBAL);

        CellScores scores;
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            TrmModel model = TrmModel.create(manager, DataType.FLOAT32, config, spec, TensorState.empty());
            scores = new CellScorer(model, prototypes, WEIGHT).score(features, 2, new CancellationToken());
        }

        for (int i = 0; i < 3; i++) {
            double[] image = {GLOBAL[3 * i], GLOBAL[3 * i + 1], GLOBAL[3 * i + 2]};
            double[] fusedAll = new double[3];
            for (int k = 0; k < 3; k++) {
                double text = cosine(image, POSITIVE[k]);
                fusedAll[k] = k == 0 ? WEIGHT * cosine(image, VISUAL_0) + (1 - WEIGHT) * text : text;
            }
            for (int c = 0; c < 3; c++) {
                double bestOther = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < 3; k++) {
                    bestOther = k == c ? bestOther : Math.max(bestOther, fusedAll[k]);
                }
                double logit = config.logitScaleInit() * (cosine(image, POSITIVE[c]) - cosine(image, NEGATIVE[c]));
                assertThat(scores.probability()[i][c]).as("p[%d][%d]", i, c)
                        .isCloseTo((float) (1 / (1 + Math.exp(-logit))), within(1e-5f));
                assertThat(scores.textScore()[i][c]).isCloseTo((float) cosine(image, POSITIVE[c]), within(1e-6f));
                assertThat(scores.fusedScore()[i][c]).isCloseTo((float) fusedAll[c], within(1e-6f));
                assertThat(scores.margin()[i][c]).isCloseTo((float) (fusedAll[c] - bestOther), within(1e-6f));
            }
            assertThat(scores.visualScore()[i][0]).isCloseTo((float) cosine(image, VISUAL_0), within(1e-6f));
            assertThat(scores.visualScore()[i][1]).isNaN();
        }
    }

    private static double cosine(double[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return dot / Math.sqrt(normA * normB);
    }
}
