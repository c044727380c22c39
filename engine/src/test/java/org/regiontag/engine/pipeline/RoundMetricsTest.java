package org.regiontag.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.train.loss.LossValues;

class RoundMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonHasTheKeysTheApplicationCharts() throws Exception {
        RoundMetrics metrics = RoundMetrics.ofRound(3, "trained",
                List.of(new LossValues(0.5, 0.2, 0.1, 0.05, 0.9), new LossValues(0.4, 0.1, 0.1, 0.04, 0.7)));

        JsonNode json = JSON.readTree(metrics.toJson());

        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("round", "kind", "steps", "loss", "loss_terms", "map", "cf1", "of1",
                "pl_precision", "pl_recall", "pl_accuracy", "eval_set", "eval_images");
        assertThat(json.get("round").asInt()).isEqualTo(3);
        assertThat(json.get("steps").asInt()).isEqualTo(2);
        assertThat(json.get("loss").toString()).isEqualTo("[0.9,0.7]");
        assertThat(json.get("loss_terms").get("cls").toString()).isEqualTo("[0.5,0.4]");
        assertThat(json.get("loss_terms").get("kd").toString()).isEqualTo("[0.2,0.1]");
        assertThat(json.get("loss_terms").get("pl").toString()).isEqualTo("[0.1,0.1]");
        assertThat(json.get("loss_terms").get("con").toString()).isEqualTo("[0.05,0.04]");
        assertThat(json.get("map").isNull()).isTrue();
    }

    @Test
    void jsonReadsBack() {
        RoundMetrics metrics = new RoundMetrics(1, "trained", 1, List.of(0.3), null, 88.5, 70.0, 75.0, 98.0, 60.0,
                40.0, "test", 12);

        assertThat(RoundMetrics.fromJson(metrics.toJson())).isEqualTo(metrics);
    }

    @Test
    void emptyJsonReadsAsNoMetrics() {
        RoundMetrics metrics = RoundMetrics.fromJson("{}");

        assertThat(metrics.loss()).isEmpty();
        assertThat(metrics.lossTerms()).containsKeys("cls", "kd", "pl", "con");
        assertThat(metrics.map()).isNull();
    }
}
