package org.regiontag.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.Djl;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.JobCancelledException;
import org.regiontag.engine.job.Progress;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.train.text.EmbeddingTextSide;

class RoundTrainerTest {

    private final SyntheticFeatureTask task = new SyntheticFeatureTask(4, 16, 3, 3, 5);
    private final SyntheticFeatureTask.Split split = task.generate(64, 0.4);
    private final LabelMatrix known = task.keep(split.complete(), 0.3, 1);
    private final ModelSpec spec = new ModelSpec(task.promptEmbeddings,
            EmbeddingTextSide.factory(task.promptEmbeddings, task.negativeEmbeddings));
    private final TrainingConfig config = TrainingConfig.builder().batchSize(16).stepsPerRound(12).warmupSteps(3)
            .queueSize(64).build();

    @Test
    void sameSeedGivesIdenticalParameters() throws Exception {
        RoundResult first = train(config, ProgressListener.NONE, new CancellationToken());
        RoundResult second = train(config, ProgressListener.NONE, new CancellationToken());

        assertThat(second.parameters()).isEqualTo(first.parameters());
        assertThat(second.prototypes()).isEqualTo(first.prototypes());
        assertThat(second.losses()).isEqualTo(first.losses());
    }

    @Test
    void otherSeedGivesOtherParameters() throws Exception {
        RoundResult first = train(config, ProgressListener.NONE, new CancellationToken());
        RoundResult other = train(config.toBuilder().seed(1).build(), ProgressListener.NONE, new CancellationToken());

        assertThat(other.parameters()).isNotEqualTo(first.parameters());
    }

    @Test
    void trainingChangesEveryParameter() throws Exception {
        TensorState initial;
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            initial = TrmModel.create(manager, DataType.FLOAT32, config, spec,
                    TensorState.empty()).snapshot();
        }

        RoundResult result = train(config, ProgressListener.NONE, new CancellationToken());

        for (NamedTensor tensor : initial.tensors()) {
            assertThat(result.parameters().get(tensor.name()).orElseThrow().values())
                    .as("%s after training", tensor.name()).isNotEqualTo(tensor.values());
        }
        assertThat(result.losses()).hasSize(12).allMatch(values -> values.isFinite());
    }

    @Test
    void progressReportsEveryStepWithLossTerms() throws Exception {
        List<Progress> reports = new ArrayList<>();

        train(config, reports::add, new CancellationToken());

        assertThat(reports).hasSize(12);
        assertThat(reports).extracting(Progress::done).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(reports.get(0).total()).isEqualTo(12);
        assertThat(reports.get(0).phase()).isEqualTo("train");
        assertThat(reports.get(0).metrics()).containsKeys("loss", "cls", "kd", "pl", "con", "lr");
        assertThat(reports.get(0).eta()).isPresent();
        assertThat(reports.get(2).metrics().get("lr")).isEqualTo(1e-3, within(1e-9));
    }

    @Test
    void cancellationStopsBetweenSteps() {
        CancellationToken token = new CancellationToken();
        List<Progress> reports = new ArrayList<>();
        ProgressListener cancelAtFive = progress -> {
            reports.add(progress);
            if (progress.done() == 5) {
                token.cancel();
            }
        };

        assertThatThrownBy(() -> train(config, cancelAtFive, token)).isInstanceOf(JobCancelledException.class);
        assertThat(reports).hasSize(5);
    }

    @Test
    void binaryKlWithoutTeacherIsRejected() {
        RoundData data = new RoundData(split.features(), known, null, null);

        assertThatThrownBy(() -> new RoundTrainer(config, Device.cpu()).train(spec, TensorState.empty(), null, data,
                ProgressListener.NONE, new CancellationToken()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no teacher probabilities");
    }

    @Test
    void teacherOutsideUnitIntervalIsRejected() {
        float[][] teacher = split.teacher().clone();
        teacher[3] = teacher[3].clone();
        teacher[3][1] = 1.5f;

        assertThatThrownBy(() -> new RoundData(split.features(), known, null, teacher))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("teacher probability [3][1] = 1.5 is not in [0, 1]");
    }

    @Test
    void everyAblationTrains() throws Exception {
        for (Matching matching : Matching.values()) {
            TrainingConfig ablation = config.toBuilder().matching(matching).distillation(false).prototypes(false)
                    .contrastive(false).build();

            RoundResult result = train(ablation, ProgressListener.NONE, new CancellationToken());

            assertThat(result.losses()).as("%s", matching).allMatch(values -> values.isFinite());
            assertThat(result.lastLoss().distillation()).isZero();
            assertThat(result.lastLoss().contrastive()).isZero();
        }
    }

    private RoundResult train(TrainingConfig trainingConfig, ProgressListener listener, CancellationToken token)
            throws Exception {
        RoundData data = new RoundData(split.features(), known, null, split.teacher());
        return new RoundTrainer(trainingConfig, Device.cpu()).train(spec, TensorState.empty(), null, data, listener,
                token);
    }
}
