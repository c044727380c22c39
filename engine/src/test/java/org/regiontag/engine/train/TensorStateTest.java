package org.regiontag.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.Djl;
import org.regiontag.engine.train.text.EmbeddingTextSide;

class TensorStateTest {

    private static final float[][] QUERIES = {{1, 0, 0}, {0, 1, 0}};
    private static final float[][] NEGATIVE = {{0, 0, 1}, {0, 1, 1}};

    @Test
    void modelRebuiltFromSnapshotHasSameTensors() {
        TrainingConfig config = TrainingConfig.defaults();
        ModelSpec spec = new ModelSpec(QUERIES, EmbeddingTextSide.factory(QUERIES, NEGATIVE));
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            TensorState first = TrmModel.create(manager, DataType.FLOAT32, config, spec, TensorState.empty()).snapshot();
            TensorState changed = TensorState.of(first.tensors().stream()
                    .map(tensor -> tensor.name().equals("carl.queries")
                            ? new NamedTensor(tensor.name(), tensor.shape(), new float[] {1, 2, 3, 4, 5, 6}) : tensor)
                    .toList());

            TensorState rebuilt = TrmModel.create(manager, DataType.FLOAT32, config, spec, changed).snapshot();

            assertThat(rebuilt).isEqualTo(changed);
            assertThat(rebuilt.get("carl.queries").orElseThrow().values()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(rebuilt.get("carl.key.weight").orElseThrow().shape()).containsExactly(3, 3);
        }
    }

    @Test
    void savedTensorOfWrongShapeIsRejected() {
        ModelSpec spec = new ModelSpec(QUERIES, EmbeddingTextSide.factory(QUERIES, NEGATIVE));
        TensorState wrong = TensorState.of(List.of(new NamedTensor("carl.queries", new long[] {3, 2}, new float[6])));
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            assertThatThrownBy(() -> TrmModel.create(manager, DataType.FLOAT32, TrainingConfig.defaults(), spec, wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("saved tensor carl.queries has shape (3, 2); this model expects (2, 3)");
        }
    }

    @Test
    void ndListRoundTripKeepsNamesAndValues() {
        TensorState state = TensorState.of(List.of(new NamedTensor("a.b", new long[] {2}, new float[] {1, 2}),
                new NamedTensor("c", new long[] {1, 1}, new float[] {3})));
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDList list = state.toNDList(manager);

            assertThat(TensorState.fromNDList(list)).isEqualTo(state);
            assertThat(list.get(1).getShape()).isEqualTo(new Shape(1, 1));
        }
        assertThat(state.parameterCount()).isEqualTo(3);
    }

    @Test
    void learningRateWarmsUpThenDecays() {
        TrainingConfig config = TrainingConfig.builder().learningRate(1e-3).finalLearningRate(1e-4).warmupSteps(10)
                .stepsPerRound(110).build();

        Tracker schedule = LearningRateSchedule.create(config);

        assertThat(schedule.getNewValue(1)).isCloseTo(1e-4f, within(1e-9f));
        assertThat(schedule.getNewValue(5)).isCloseTo(5e-4f, within(1e-9f));
        assertThat(schedule.getNewValue(10)).isCloseTo(1e-3f, within(1e-9f));
        assertThat(schedule.getNewValue(60)).isCloseTo(5.5e-4f, within(1e-8f));
        assertThat(schedule.getNewValue(110)).isCloseTo(1e-4f, within(1e-9f));
    }

    @Test
    void parametersRequireGradients() {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            TrainableParameters parameters = new TrainableParameters(manager, DataType.FLOAT64,
                    Map.of("x", manager.create(new float[] {1, 2})));

            parameters.create("x", new Shape(2), () -> manager.zeros(new Shape(2)));

            assertThat(parameters.array("x").hasGradient()).isTrue();
            assertThat(parameters.array("x").getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(parameters.array("x").toDoubleArray()).containsExactly(1, 2);
            assertThatThrownBy(() -> parameters.create("x", new Shape(2), () -> manager.zeros(new Shape(2))))
                    .hasMessage("parameter x exists already");
        }
    }
}
