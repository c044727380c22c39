package org.regiontag.engine.train.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.regiontag.db.UserInputException;

class PrototypesTest {

    @Test
    void firstUpdateTakesBatchMeanThenMovingAverage() {
        PrototypeBank bank = new PrototypeBank(2, 2, 0.9);

        bank.update(new float[] {1, 0, 0, 1}, new int[] {0, 0});
        bank.update(new float[] {0, 1}, new int[] {0});

        assertThat(bank.hasVisual(1)).isFalse();
        assertThat(bank.visual(1)).isEmpty();
        // First: mean (0.5, 0.5); then 0.9 (0.5, 0.5) + 0.1 (0, 1) = (0.45, 0.55).
        assertThat(bank.visual(0)[0]).isCloseTo(0.45f, within(1e-6f));
        assertThat(bank.visual(0)[1]).isCloseTo(0.55f, within(1e-6f));
    }

    @Test
    void stateSurvivesJsonAndContinues() {
        PrototypeBank bank = new PrototypeBank(2, 3, 0.5);
        bank.update(new float[] {0.6f, 0.8f, 0}, new int[] {1});
        PrototypeState state = bank.snapshot(new float[][] {{1, 0, 0}, {0, 1, 0}});

        PrototypeState read = PrototypeState.fromJson(state.toJson(), "v1");
        PrototypeBank continued = PrototypeBank.fromState(read, 0.5);
        continued.update(new float[] {0, 0, 1}, new int[] {1});

        assertThat(read).isEqualTo(state);
        assertThat(read.categories().get(1).updates()).isEqualTo(1);
        assertThat(read.categories().get(0).hasVisual()).isFalse();
        assertThat(continued.visual(1)).containsExactly(0.3f, 0.4f, 0.5f);
    }

    @Test
    void damagedStateJsonIsReported() {
        assertThatThrownBy(() -> PrototypeState.fromJson("{\"embedDim\":2,\"categories\":[{\"category\":0}]}",
                "models/v4"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("models/v4: the prototypes are not valid");
    }

    @Test
    void positiveThresholdIsLowestMeetingPrecision() {
        // Descending: 0.9+ 0.8+ 0.7- 0.6+ 0.5+ 0.4- → precision 1, 1, 2/3, 3/4, 4/5, 4/6.
        double[] scores = {0.5, 0.9, 0.4, 0.7, 0.8, 0.6};
        boolean[] positive = {true, true, false, false, true, true};

        assertThat(ThresholdCalibration.positiveThreshold(scores, positive, 0.8)).isEqualTo(0.5);
        assertThat(ThresholdCalibration.positiveThreshold(scores, positive, 0.9)).isEqualTo(0.8);
        assertThat(ThresholdCalibration.positiveThreshold(scores, new boolean[6], 0.5)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void tiedScoresAreOneThreshold() {
        // A positive and a negative tie at the top: precision there is 1/2, never 1.
        double[] scores = {0.9, 0.9, 0.1};
        boolean[] positive = {true, false, false};

        assertThat(ThresholdCalibration.positiveThreshold(scores, positive, 0.6)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ThresholdCalibration.positiveThreshold(scores, positive, 0.5)).isEqualTo(0.9);
    }

    @Test
    void negativeThresholdIsHighestMeetingNegativePrecision() {
        // Ascending: 0.1- 0.2- 0.3+ 0.4- → negative share 1, 1, 2/3, 3/4.
        double[] scores = {0.4, 0.3, 0.2, 0.1};
        boolean[] positive = {false, true, false, false};

        assertThat(ThresholdCalibration.negativeThreshold(scores, positive, 0.9)).isEqualTo(0.2);
        assertThat(ThresholdCalibration.negativeThreshold(scores, positive, 0.7)).isEqualTo(0.4);
    }
}
