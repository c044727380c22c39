package org.regiontag.app.gui.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoundMetricsTest {

    @Test
    void readsEveryKey() {
        RoundMetrics metrics = RoundMetrics.parse(4, 9, "{\"round\": 2, \"loss\": [0.9, 0.8, \"x\", 0.7],"
                + " \"map\": 0.71, \"cf1\": 0.66, \"of1\": 0.7, \"pl_precision\": 0.93, \"pl_recall\": 0.41,"
                + " \"pl_accuracy\": 0.88, \"other\": 1}");

        assertThat(metrics).isEqualTo(new RoundMetrics(4, 2, java.util.List.of(0.9, 0.8, 0.7), 0.71, 0.66, 0.7,
                0.93, 0.41, 0.88));
    }

    @Test
    void missingKeysAreNullAndRoundFallsBack() {
        RoundMetrics metrics = RoundMetrics.parse(4, 3, "{\"map\": 0.5}");

        assertThat(metrics.round()).isEqualTo(3);
        assertThat(metrics.loss()).isEmpty();
        assertThat(metrics.cf1()).isNull();
        assertThat(metrics.map()).isEqualTo(0.5);
    }

    @Test
    void nullMetricsGiveEmptyRound() {
        assertThat(RoundMetrics.parse(1, 1, null).map()).isNull();
    }

    @Test
    void invalidJsonNamesVersion() {
        assertThatThrownBy(() -> RoundMetrics.parse(7, 1, "{oops")).hasMessageContaining("model version 7");
        assertThatThrownBy(() -> RoundMetrics.parse(7, 1, "[1, 2]")).hasMessageContaining("not a JSON object");
    }
}
