package org.regiontag.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.Djl;
import org.regiontag.engine.eval.ClassificationMetrics;
import org.regiontag.engine.eval.MultiLabelMetrics;
import org.regiontag.engine.eval.PseudoLabelMetrics;
import org.regiontag.engine.eval.PseudoLabelQuality;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.train.proto.CellScorer;
import org.regiontag.engine.train.proto.CellScores;
import org.regiontag.engine.train.proto.PrototypeState;
import org.regiontag.engine.train.proto.PseudoLabeler;
import org.regiontag.engine.train.proto.PseudoLabels;
import org.regiontag.engine.train.text.EmbeddingTextSide;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rounds of training and prototype pseudo-labelling on a generated task where each category is a
 * direction in feature space, with 10 % of the labels known.
 */
class SyntheticTaskTest {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticTaskTest.class);

    @Test
    void roundsReachHighMapAndPrecisePseudoLabels() throws Exception {
        SyntheticFeatureTask task = new SyntheticFeatureTask(6, 32, 4, 4, 17);
        SyntheticFeatureTask.Split train = task.generate(400, 0.3);
        SyntheticFeatureTask.Split test = task.generate(200, 0.3);
        LabelMatrix known = task.keep(train.complete(), 0.1, 3);
        TrainingConfig config = TrainingConfig.builder().stepsPerRound(150).warmupSteps(15).build();
        ModelSpec spec = new ModelSpec(task.promptEmbeddings,
                EmbeddingTextSide.factory(task.promptEmbeddings, task.negativeEmbeddings));
        RoundTrainer trainer = new RoundTrainer(config, Device.cpu());

        TensorState parameters = TensorState.empty();
        PrototypeState prototypes = null;
        LabelMatrix pseudo = null;
        PseudoLabelQuality quality = null;
        ClassificationMetrics metrics = null;
        double zeroShotMap = evaluate(config, spec, parameters, test).meanAveragePrecision();
        LOG.info("step 0: test mAP {}, teacher mAP {}", zeroShotMap,
                MultiLabelMetrics.evaluate(test.teacher(), test.complete()).meanAveragePrecision());
        for (int round = 1; round <= 3; round++) {
            RoundData data = new RoundData(train.features(), known, pseudo, train.teacher());
            RoundResult result = trainer.train(spec, parameters, prototypes, data, ProgressListener.NONE,
                    new CancellationToken());
            parameters = result.parameters();
            prototypes = result.prototypes();

            PseudoLabels labels = pseudoLabels(config, spec, parameters, prototypes, train, known);
            pseudo = labels.labels();
            quality = PseudoLabelMetrics.evaluate(known, pseudo, train.complete());
            metrics = evaluate(config, spec, parameters, test);
            LOG.info("round {}: loss {}, test mAP {}, pseudo-labels {} (t+ {}, t- {})", round,
                    result.lastLoss(), metrics.meanAveragePrecision(), quality, java.util.Arrays.toString(labels.positiveThresholds()),
                    java.util.Arrays.toString(labels.negativeThresholds()));
        }

        assertThat(metrics.meanAveragePrecision()).as("held-out mAP after 3 rounds").isGreaterThanOrEqualTo(95);
        assertThat(metrics.meanAveragePrecision()).as("training improves on step 0").isGreaterThan(zeroShotMap);
        assertThat(quality.precision()).as("pseudo-label precision").isGreaterThanOrEqualTo(0.95);
        assertThat(quality.recall()).as("pseudo-labels cover some positives").isGreaterThan(0.3);
    }

    private static ClassificationMetrics evaluate(TrainingConfig config, ModelSpec spec, TensorState parameters,
            SyntheticFeatureTask.Split split) {
        CellScores scores = score(config, spec, parameters, null, split);
        return MultiLabelMetrics.evaluate(scores.probability(), split.complete());
    }

    private static PseudoLabels pseudoLabels(TrainingConfig config, ModelSpec spec, TensorState parameters,
            PrototypeState prototypes, SyntheticFeatureTask.Split split, LabelMatrix known) {
        return PseudoLabeler.assign(score(config, spec, parameters, prototypes, split), known, config);
    }

    private static CellScores score(TrainingConfig config, ModelSpec spec, TensorState parameters,
            PrototypeState prototypes, SyntheticFeatureTask.Split split) {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            TrmModel model = TrmModel.create(manager, DataType.FLOAT32, config, spec, parameters);
            return new CellScorer(model, prototypes, config.visualFusionWeight()).score(split.features(), 64,
                    new CancellationToken());
        }
    }
}
