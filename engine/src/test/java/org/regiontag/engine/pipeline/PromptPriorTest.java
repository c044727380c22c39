package org.regiontag.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.engine.Djl;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.VectorMath;
import org.regiontag.engine.project.VersionContents;
import org.regiontag.engine.project.ZeroShotCalibration;
import org.regiontag.engine.train.LabelMatrix;
import org.regiontag.engine.train.PromptPrior;
import org.regiontag.engine.train.TensorState;
import org.regiontag.engine.train.Tensors;
import org.regiontag.engine.train.TrainingConfig;

class PromptPriorTest {

    /** Float32 cosines and sums against the double-precision calibration. */
    private static final double LOGIT_TOLERANCE = 1e-4;
    /** Probabilities after one step at a learning rate of 1e-9, and float16 features on both sides. */
    private static final double PROBABILITY_TOLERANCE = 1e-4;

    @TempDir
    Path temp;

    @Test
    void priorLogitsMatchZeroShotCalibration() {
        Random random = new Random(7);
        int images = 9;
        int categories = 5;
        int width = 6;
        float[][] prompts = gaussian(random, categories, width);
        float[][] global = gaussian(random, images, width);
        float[][] cosines = new float[images][categories];
        int[][] labels = new int[images][categories];
        for (int i = 0; i < images; i++) {
            for (int c = 0; c < categories; c++) {
                cosines[i][c] = (float) VectorMath.cosine(global[i], prompts[c]);
                labels[i][c] = random.nextInt(3) - 1;
            }
        }
        ZeroShotCalibration calibration = ZeroShotCalibration.fit(cosines, LabelMatrix.of(labels), 20.0);
        float[][] expected = calibration.probabilities(cosines);
        PromptPrior prior = PromptPrior.of(prompts, calibration.a(), calibration.d(), calibration.b(),
                calibration.meanCentre(), calibration.logitScale());

        float[] logits;
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray batch = manager.create(Tensors.flatten(global), new Shape(images, width));
            logits = prior.frozen(manager, DataType.FLOAT32).logits(batch).toFloatArray();
        }

        assertThat(calibration.d()).as("the fit moved d away from its prior value 0").isNotEqualTo(0.0);
        for (int i = 0; i < images; i++) {
            for (int c = 0; c < categories; c++) {
                double expectedLogit = Math.log(expected[i][c] / (1 - expected[i][c]));
                assertThat((double) logits[i * categories + c]).as("image %d, category %d", i, c)
                        .isCloseTo(expectedLogit, within(LOGIT_TOLERANCE));
            }
        }
    }

    @Test
    void savedPriorRoundTrips() {
        PromptPrior prior = PromptPrior.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}, 1.5, 0.5, -2, 0.25, 20);

        PromptPrior read = PromptPrior.fromState(TensorState.of(prior.tensors()))
                .orElseThrow();

        assertThat(read.prompts()).isDeepEqualTo(prior.prompts());
        assertThat(read.calibration()).containsExactly(1.5f, 0.5f, -2f, 0.25f, 20f);
    }

    @Test
    void stillRoundScoresLikeRoundZero() throws Exception {
        StillRound round = trainStillRound(true);

        assertThat(PromptPrior.fromState(round.trained().parameters())).as("prior saved with the version").isPresent();
        for (int i = 0; i < round.roundZero().length; i++) {
            for (int c = 0; c < round.roundZero()[i].length; c++) {
                assertThat((double) round.roundOne()[i][c]).as("row %d, category %d", i, c)
                        .isCloseTo(round.roundZero()[i][c], within(PROBABILITY_TOLERANCE));
            }
        }
    }

    @Test
    void roundWithoutPriorDiffersFromRoundZero() throws Exception {
        StillRound round = trainStillRound(false);

        assertThat(PromptPrior.fromState(round.trained().parameters())).isEmpty();
        double largest = 0;
        for (int i = 0; i < round.roundZero().length; i++) {
            for (int c = 0; c < round.roundZero()[i].length; c++) {
                largest = Math.max(largest, Math.abs(round.roundOne()[i][c] - round.roundZero()[i][c]));
            }
        }
        assertThat(largest).as("largest probability difference from round 0").isGreaterThan(0.01);
    }

    /** A trained version and the round 0 and trained probabilities of every image with features. */
    private record StillRound(VersionContents trained, float[][] roundZero, float[][] roundOne) {
    }

    /** Trains one step at a learning rate of 1e-9 on a fresh project, so that nothing is learned. */
    private StillRound trainStillRound(boolean promptPrior) throws Exception {
        try (Project project = PipelineFixture.project(temp, 16, 8, 0.3);
                Backbone backbone = PipelineFixture.backbone(PipelineFixture.checkpoint(temp))) {
            new ExtractFeatures(project, backbone).run(ProgressListener.NONE, new CancellationToken());
            TrainingConfig still = PipelineFixture.shortRound(2).toBuilder().stepsPerRound(1).warmupSteps(0)
                    .learningRate(1e-9).promptPrior(promptPrior).build();
            new FineTune(project, backbone, still).run(ProgressListener.NONE, new CancellationToken());

            Workspace workspace = Workspace.prepare(project, backbone, ProgressListener.NONE, new CancellationToken());
            VersionContents trained = ModelVersions.load(project, ModelVersions.findLatest(project).orElseThrow())
                    .contents();
            float[][] roundZero = VersionScoring.zeroShotProbabilities(workspace, workspace.trainingRows(),
                    workspace.featureRows);
            float[][] roundOne = VersionScoring.score(workspace, trained, workspace.featureRows,
                    ProgressListener.NONE, new CancellationToken()).probability();
            return new StillRound(trained, roundZero, roundOne);
        }
    }

    private static float[][] gaussian(Random random, int rows, int columns) {
        float[][] values = new float[rows][columns];
        for (float[] row : values) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return values;
    }
}
