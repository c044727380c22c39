package org.regiontag.engine.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.regiontag.engine.clip.Tensors.assertClose;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.nn.ClipBlock;

class TextEncoderTest {

    private static final List<String> PROMPTS = List.of("a photo of a dog.", "cat", "a person on a motorbike");

    @TempDir
    Path temp;

    @Test
    void shortSequencesEqualFullContext() throws IOException {
        try (ClipModel clip = ClipModel.load(TestCheckpoints.writeRandom(temp.resolve("model"), 1), Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            ClipTokenizer.TokenBatch shortBatch = clip.tokenizer().encodeBatch(PROMPTS, false);
            ClipTokenizer.TokenBatch fullBatch = clip.tokenizer().encodeBatch(PROMPTS, true);

            float[] shortResult = encode(clip, manager, shortBatch).toFloatArray();
            float[] fullResult = encode(clip, manager, fullBatch).toFloatArray();

            assertThat(shortBatch.length()).isLessThan(20);
            assertThat(fullBatch.length()).isEqualTo(77);
            assertClose("short against 77 tokens", shortResult, fullResult, 1e-5);
        }
    }

    @Test
    void tokensAfterEndOfTextDoNotMatter() throws IOException {
        try (ClipModel clip = ClipModel.load(TestCheckpoints.writeRandom(temp.resolve("model"), 2), Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            ClipTokenizer.TokenBatch batch = clip.tokenizer().encodeBatch(PROMPTS, true);
            long[] scrambled = batch.ids().clone();
            for (int row = 0; row < batch.batch(); row++) {
                for (int i = (int) batch.eotPositions()[row] + 1; i < batch.length(); i++) {
                    scrambled[row * batch.length() + i] = (i * 7L + row) % 500;
                }
            }

            float[] padded = encode(clip, manager, batch).toFloatArray();
            float[] noisy = encode(clip, manager, new ClipTokenizer.TokenBatch(scrambled, batch.eotPositions(),
                    batch.batch(), batch.length())).toFloatArray();

            assertClose("padding replaced by other tokens", noisy, padded, 1e-5);
        }
    }

    @Test
    void encodeTextEqualsTokenEmbeddingPath() throws IOException {
        try (ClipModel clip = ClipModel.load(TestCheckpoints.writeRandom(temp.resolve("model"), 3), Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            ClipTokenizer.TokenBatch batch = clip.tokenizer().encodeBatch(PROMPTS, false);

            NDArray viaText = clip.encodeText(PROMPTS, manager);
            NDArray viaEmbeddings = encode(clip, manager, batch);

            assertThat(viaText.getShape()).isEqualTo(new Shape(3, 16));
            assertClose("encodeText", viaText.toFloatArray(), viaEmbeddings.toFloatArray(), 0);
        }
    }

    @Test
    void gradientsReachPromptEmbeddingsThroughFrozenTower() throws IOException {
        try (ClipModel clip = ClipModel.load(TestCheckpoints.writeRandom(temp.resolve("model"), 4), Device.cpu());
                NDManager manager = Djl.newBaseManager(Device.cpu())) {
            ClipTokenizer.TokenBatch batch = clip.tokenizer().encodeBatch(PROMPTS, false);
            NDArray ids = manager.create(batch.ids(), new Shape(batch.batch(), batch.length()));
            NDArray context = manager.randomNormal(0, 0.02f, new Shape(batch.batch(), batch.length(), 32),
                    DataType.FLOAT32);
            context.setRequiresGradient(true);

            try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                NDArray tokens = clip.text().embedTokens(clip.parameterStore(), ids, false).add(context);
                NDArray embeddings = clip.text().encodeTokenEmbeddings(clip.parameterStore(), tokens,
                        manager.create(batch.eotPositions()), false);
                collector.backward(embeddings.square().sum());
            }

            assertThat(context.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
            Parameter projection = clip.block().namedParameters().get("text_projection").parameter();
            assertThat(projection.requiresGradient()).isFalse();
        }
    }

    @Test
    void blockTrainsFromScratch() {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            ClipBlock block = new ClipBlock(TestCheckpoints.tinyConfig(574));
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 24, 24), new Shape(2, 5), new Shape(2));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray pixels = manager.randomNormal(new Shape(2, 3, 24, 24));
            NDArray ids = manager.create(new long[] {572, 320, 516, 573, 573, 572, 521, 573, 573, 573}, new Shape(2, 5));
            NDArray eot = manager.create(new long[] {3, 2});

            try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                var outputs = block.forward(store, new ai.djl.ndarray.NDList(pixels, ids, eot), true);
                NDArray similarity = outputs.get(0).matMul(outputs.get(1).transpose());
                collector.backward(similarity.sum());
            }

            for (var entry : block.namedParameters().entrySet()) {
                if (entry.getKey().equals("logit_scale")) {
                    continue;
                }
                NDArray gradient = entry.getValue().parameter().getArray().getGradient();
                assertThat(gradient.getShape()).as(entry.getKey()).isEqualTo(entry.getValue().shape());
                assertThat(gradient.isNaN().any().getBoolean()).as(entry.getKey() + " has NaN").isFalse();
            }
            NDArray conv = block.namedParameters().get("visual.conv1.weight").parameter().getArray().getGradient();
            assertThat(conv.abs().sum().getFloat()).isGreaterThan(0f);
        }
    }

    private static NDArray encode(ClipModel clip, NDManager manager, ClipTokenizer.TokenBatch batch) {
        NDArray ids = manager.create(batch.ids(), new Shape(batch.batch(), batch.length()));
        NDArray eot = manager.create(batch.eotPositions());
        NDArray embeddings = clip.text().embedTokens(clip.parameterStore(), ids, false);
        return clip.encodeTokenEmbeddings(embeddings, eot);
    }
}
