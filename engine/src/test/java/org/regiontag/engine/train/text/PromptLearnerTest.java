package org.regiontag.engine.train.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.TestCheckpoints;
import org.regiontag.engine.train.ContextInit;
import org.regiontag.engine.train.TrainableParameters;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.TrainingExecutor;

class PromptLearnerTest {

    private static final List<String> NAMES = List.of("dog", "potted plant", "cat", "tv monitor");

    @TempDir
    static Path temp;

    private static ClipModel clip;

    @BeforeAll
    static void loadCheckpoint() throws IOException {
        clip = ClipModel.load(TestCheckpoints.writeRandom(temp.resolve("tiny"), 3), Device.cpu());
    }

    @AfterAll
    static void closeCheckpoint() {
        clip.close();
    }

    @Test
    void truncatedPromptsEqualFullContextLength() {
        TrainingConfig config = TrainingConfig.builder().contextLength(6).build();

        float[][] truncated = embed(config, false);
        float[][] padded = embed(config, true);

        for (int side = 0; side < 2; side++) {
            assertThat(truncated[side]).hasSize(NAMES.size() * 16).doesNotContain(Float.NaN);
            for (int i = 0; i < truncated[side].length; i++) {
                assertThat((double) truncated[side][i]).as("side %d value %d", side, i)
                        .isCloseTo(padded[side][i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void contextsStartApartWithoutPrior() {
        float[][] embeddings = embed(TrainingConfig.builder().contextLength(4).promptPrior(false).build(), false);

        assertThat(embeddings[0]).isNotEqualTo(embeddings[1]);
    }

    @Test
    void negativeContextCopiesPositiveUnderPrior() {
        float[][] embeddings = embed(TrainingConfig.builder().contextLength(4).build(), false);

        assertThat(embeddings[0]).containsExactly(embeddings[1]);
        assertThat(embeddings[0]).as("random contexts, not zeros").isNotEqualTo(embed(
                TrainingConfig.builder().contextLength(4).seed(3).build(), false)[0]);
    }

    @Test
    void phraseStartsBothContextsAtItsTokens() {
        TrainingConfig config = TrainingConfig.builder().contextInit(ContextInit.PHRASE)
                .contextInitPhrase("a photo of a").build();
        int phraseTokens = clip.tokenizer().encode("a photo of a").length - 2;

        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            TrainableParameters parameters = new TrainableParameters(manager, DataType.FLOAT32);
            PromptLearner learner = (PromptLearner) PromptLearner.factory(clip, NAMES, config, false)
                    .create(parameters);
            TextEmbeddings embeddings = learner.embed();

            assertThat(learner.contextTokens()).isEqualTo(phraseTokens);
            assertThat(parameters.array(PromptLearner.POSITIVE_CONTEXT).getShape())
                    .isEqualTo(new Shape(phraseTokens, 32));
            assertThat(embeddings.positive().toFloatArray()).containsExactly(embeddings.negative().toFloatArray());
        }
    }

    @Test
    void classSpecificContextsHaveOnePerCategory() {
        TrainingConfig config = TrainingConfig.builder().contextLength(3).classSpecificContexts(true).build();

        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            TrainableParameters parameters = new TrainableParameters(manager, DataType.FLOAT32);
            PromptLearner.factory(clip, NAMES, config, false).create(parameters).embed();

            assertThat(parameters.array(PromptLearner.NEGATIVE_CONTEXT).getShape())
                    .isEqualTo(new Shape(NAMES.size(), 3, 32));
        }
    }

    @Test
    void promptLongerThanContextIsUserError() {
        TrainingConfig config = TrainingConfig.builder().contextLength(60).build();
        String longName = String.join(" ", java.util.Collections.nCopies(20, "dog"));

        assertThatThrownBy(() -> PromptLearner.factory(clip, List.of("cat", longName), config, false))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("the prompt of category '" + longName + "' needs")
                .hasMessageContaining("more than the context length 77");
    }

    /**
     * Autograd through the frozen text tower against central differences on a few context values, in
     * float32: step 1e-2 keeps the rounding error near 1e-5 against gradients of order 0.1 to 1, and
     * the tolerance of 3 % covers the difference's truncation error. A garbage collection between the
     * forward and the backward pass would expose a freed scalar operand (DJL's {@code mul(Number)}).
     */
    @Test
    void contextGradientsMatchFiniteDifferences() throws Exception {
        TrainingConfig config = TrainingConfig.builder().contextLength(3).contextInitStd(0.5).build();
        float[] weights = new Random(7).gaussians(NAMES.size() * 2 * 16);

        float[][] result = TrainingExecutor.call(() -> {
            Engine engine = Djl.engine();
            try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
                TrainableParameters parameters = new TrainableParameters(manager, DataType.FLOAT32);
                PromptLearner learner = (PromptLearner) PromptLearner.factory(clip, NAMES, config, false)
                        .create(parameters);
                NDArray context = parameters.array(PromptLearner.POSITIVE_CONTEXT);
                float[] analytic;
                try (NDScope scope = new NDScope(); GradientCollector collector = engine.newGradientCollector()) {
                    scope.suppressNotUsedWarning();
                    NDArray loss = objective(learner, weights, manager);
                    System.gc();
                    collector.backward(loss);
                    analytic = context.getGradient().toFloatArray();
                }
                assertThat(parameters.array(PromptLearner.NEGATIVE_CONTEXT).getGradient().abs().sum().getFloat())
                        .as("negative context gradient").isPositive();

                float[] values = context.toFloatArray();
                int[] probes = {0, 7, 31, 40, 95};
                float[] numeric = new float[probes.length];
                float[] chosen = new float[probes.length];
                for (int p = 0; p < probes.length; p++) {
                    numeric[p] = (float) ((evaluate(learner, context, values, probes[p], 1e-2f, weights, manager)
                            - evaluate(learner, context, values, probes[p], -1e-2f, weights, manager)) / 2e-2);
                    chosen[p] = analytic[probes[p]];
                }
                return new float[][] {numeric, chosen};
            }
        });

        for (int p = 0; p < result[0].length; p++) {
            assertThat((double) result[1][p]).as("probe %d", p)
                    .isCloseTo(result[0][p], org.assertj.core.data.Offset.offset(0.03 * Math.abs(result[0][p]) + 2e-3));
        }
        assertThat(clip.text().getParameters().valueAt(0).getArray().hasGradient()).isFalse();
    }

    /** A fixed random linear function of g⁺ and g⁻, so every output value matters. */
    private static NDArray objective(PromptLearner learner, float[] weights, NDManager manager) {
        TextEmbeddings embeddings = learner.embed();
        NDArray w = manager.create(weights, new Shape(2, NAMES.size(), 16)); // (2, C, d)
        return embeddings.positive().mul(w.get(0)).sum().add(embeddings.negative().mul(w.get(1)).sum()); // ()
    }

    private static double evaluate(PromptLearner learner, NDArray context, float[] values, int index, float step,
            float[] weights, NDManager manager) {
        float[] shifted = values.clone();
        shifted[index] += step;
        context.set(java.nio.FloatBuffer.wrap(shifted));
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return objective(learner, weights, manager).getFloat();
        } finally {
            context.set(java.nio.FloatBuffer.wrap(values));
        }
    }

    /** g⁺ and g⁻ of every category, flattened. */
    private static float[][] embed(TrainingConfig config, boolean padToContextLength) {
        try (NDManager manager = Djl.newBaseManager(Device.cpu()); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TrainableParameters parameters = new TrainableParameters(manager, DataType.FLOAT32);
            TextEmbeddings embeddings = PromptLearner.factory(clip, NAMES, config, padToContextLength)
                    .create(parameters).embed();
            return new float[][] {embeddings.positive().toFloatArray(), embeddings.negative().toFloatArray()};
        }
    }

    /** Seeded Gaussian values. */
    private static final class Random extends java.util.Random {
        private static final long serialVersionUID = 1L;

        Random(long seed) {
            super(seed);
        }

        float[] gaussians(int count) {
            float[] values = new float[count];
            for (int i = 0; i < count; i++) {
                values[i] = (float) nextGaussian();
            }
            return values;
        }
    }
}
