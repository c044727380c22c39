package org.regiontag.engine.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.safetensors.SafetensorsFile;
import org.regiontag.engine.demo.SceneGenerator;

/**
 * Short pretraining runs of a model far smaller than the demo's, on the real engine and scene
 * generator. Together they take about a minute on 2 idle cores and several under load.
 */
@Tag("slow")
class DemoPretrainerTest {

    /** A tower of width 8 and a one-layer text transformer of width 32: a few thousand parameters train in seconds. */
    private static final DemoModelShape TINY = new DemoModelShape(8, 2, 64, 32, 32, 1, 2);

    @TempDir
    Path temp;

    private static PretrainConfig config(int steps, int checkpointEvery, long seed) {
        return new PretrainConfig(TINY, seed, steps, 0, 16, 5e-3, 2, 0.05, 0.1, 2, checkpointEvery, 0, 20, 20,
                DemoEvalSettings.DEFAULT);
    }

    @Test
    void shortRunLowersLossAndLoads() throws IOException {
        Path out = temp.resolve("run");
        DemoPretrainer.Result result = new DemoPretrainer(config(24, 12, 5), out, Device.cpu()).run(false);

        assertThat(result.steps()).isEqualTo(24);
        List<Double> losses = trainLosses(out);
        assertThat(losses).hasSize(12);
        double first = (losses.get(0) + losses.get(1)) / 2;
        double last = (losses.get(10) + losses.get(11)) / 2;
        assertThat(last).as("mean loss of the last 4 steps against the first 4").isLessThan(first * 0.9);

        try (ClipModel model = ClipModel.load(out, Device.cpu()); NDManager manager = Djl.newBaseManager(Device.cpu())) {
            assertThat(model.config().vision().imageSize()).isEqualTo(64);
            NDArray prompts = model.encodeText(List.of(SceneGenerator.prompt(DemoEvalSettings.DEFAULT.template(),
                    "star")), manager);
            assertThat(prompts.getShape().getShape()).containsExactly(1, 32);
            DemoModelEvaluation again = DemoModelEvaluator.evaluate(model, DemoEvalSettings.DEFAULT, 20);
            assertThat(again.meanAveragePrecision()).isCloseTo(result.evaluation().meanAveragePrecision(),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(out.resolve(DemoPretrainer.EVALUATION_FILE)).exists();
        assertThat(out.resolve("state-24.safetensors")).exists();
        assertThat(out.resolve("state-12.safetensors")).doesNotExist();
    }

    @Test
    void resumedRunMatchesUninterruptedRun() throws IOException {
        Path straight = temp.resolve("straight");
        new DemoPretrainer(config(8, 4, 3), straight, Device.cpu()).run(false);
        Path interrupted = temp.resolve("interrupted");
        assertThat(new DemoPretrainer(config(8, 4, 3), interrupted, Device.cpu()).run(false, 4)).isNull();
        assertThat(interrupted.resolve("state-4.safetensors")).exists();
        new DemoPretrainer(config(8, 4, 3), interrupted, Device.cpu()).run(true);

        try (SafetensorsFile a = SafetensorsFile.open(straight.resolve("state-8.safetensors"));
                SafetensorsFile b = SafetensorsFile.open(interrupted.resolve("state-8.safetensors"))) {
            assertThat(b.tensors()).hasSameSizeAs(a.tensors());
            for (var tensor : a.tensors()) {
                float[] expected = a.readFloats(tensor.name());
                float[] actual = b.readFloats(tensor.name());
                for (int i = 0; i < expected.length; i++) {
                    // Same scenes, same initial weights, same moments: only summation order may differ.
                    assertThat(actual[i]).as("%s[%d]", tensor.name(), i)
                            .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f + 1e-3f * Math.abs(expected[i])));
                }
            }
        }
        assertThat(trainLosses(interrupted)).hasSize(trainLosses(straight).size());
    }

    @Test
    void resumeWithAnotherSeedIsRefused() throws IOException {
        Path out = temp.resolve("run");
        new DemoPretrainer(config(2, 2, 3), out, Device.cpu()).run(false);
        assertThatThrownBy(() -> new DemoPretrainer(config(4, 2, 4), out, Device.cpu()).run(true))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(DemoPretrainer.STATE_FILE)
                .hasMessageContaining("--seed 3");
    }

    @Test
    void resumeWithoutSavedStateNamesTheFile() {
        Path out = temp.resolve("empty");
        assertThatThrownBy(() -> new DemoPretrainer(config(2, 2, 3), out, Device.cpu()).run(true))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(out.resolve(DemoPretrainer.STATE_FILE).toString())
                .hasMessageContaining("without --resume");
        assertThat(out).as("nothing written").doesNotExist();
    }

    private static List<Double> trainLosses(Path out) throws IOException {
        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(DemoPretrainer.LOG_FILE))) {
            if (line.startsWith("train\t")) {
                losses.add(Double.parseDouble(line.split("\t")[3]));
            }
        }
        return losses;
    }
}
