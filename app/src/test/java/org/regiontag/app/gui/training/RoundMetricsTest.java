package org.regiontag.app.gui.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundMetricsTest {

    @Test
    void readsEngineMetricsAsFractions() {
        String json = new org.regiontag.engine.pipeline.RoundMetrics(2, "trained", 3, List.of(0.9, 0.8, 0.7), null,
                71.0, 66.0, 70.0, 93.0, 41.0, 88.0, "test", 8).toJson();

        RoundMetrics metrics = RoundMetrics.parse(4, 9, json);

        assertThat(metrics.versionId()).isEqualTo(4);
        assertThat(metrics.round()).isEqualTo(2);
        assertThat(metrics.loss()).containsExactly(0.9, 0.8, 0.7);
        assertThat(metrics.map()).isCloseTo(0.71, within(1e-12));
        assertThat(metrics.cf1()).isCloseTo(0.66, within(1e-12));
        assertThat(metrics.of1()).isCloseTo(0.70, within(1e-12));
        assertThat(metrics.plPrecision()).isCloseTo(0.93, within(1e-12));
        assertThat(metrics.plRecall()).isCloseTo(0.41, within(1e-12));
        assertThat(metrics.plAccuracy()).isCloseTo(0.88, within(1e-12));
    }

    @Test
    void zeroShotVersionIsRoundZero() {
        String json = new org.regiontag.engine.pipeline.RoundMetrics(0, "zero-shot", 0, List.of(), null, 40.0, null,
                null, null, null, null, "test", 8).toJson();

        RoundMetrics metrics = RoundMetrics.parse(1, 1, json);

        assertThat(metrics.round()).isZero();
        assertThat(metrics.loss()).isEmpty();
        assertThat(metrics.cf1()).isNull();
        assertThat(metrics.plPrecision()).isNull();
    }

    @Test
    void nullMetricsUsePositionAsRound() {
        RoundMetrics metrics = RoundMetrics.parse(1, 3, null);

        assertThat(metrics.round()).isEqualTo(3);
        assertThat(metrics.map()).isNull();
    }

    @Test
    void invalidJsonNamesVersion() {
        assertThatThrownBy(() -> RoundMetrics.parse(7, 1, "{oops")).hasMessageContaining("model version 7");
        assertThatThrownBy(() -> RoundMetrics.parse(7, 1, "[1, 2]")).hasMessageContaining("model version 7");
    }
}
