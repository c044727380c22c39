package org.regiontag.app.gui.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers of one training round, read from its model version's metrics JSON (keys in
 * {@link MetricsKeys}); a number the JSON lacks is {@code null}.
 *
 * @param versionId the model version
 * @param round the round's number, from 1
 * @param loss the loss after each step, possibly empty
 * @param map mean average precision, in [0, 1]
 * @param cf1 per-category F1
 * @param of1 overall F1
 * @param plPrecision pseudo-label precision
 * @param plRecall pseudo-label recall
 * @param plAccuracy pseudo-label accuracy
 */
public record RoundMetrics(long versionId, int round, List<Double> loss, Double map, Double cf1, Double of1,
        Double plPrecision, Double plRecall, Double plAccuracy) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RoundMetrics {
        loss = List.copyOf(loss);
    }

    /**
     * Reads a version's metrics.
     *
     * @param json the metrics JSON object, or {@code null} before evaluation
     * @param position the version's position in the list, from 1, used when the JSON names no round
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static RoundMetrics parse(long versionId, int position, String json) {
        if (json == null || json.isBlank()) {
            return new RoundMetrics(versionId, position, List.of(), null, null, null, null, null, null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the metrics of model version " + versionId + " are not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the metrics of model version " + versionId
                    + " are not a JSON object");
        }
        List<Double> loss = new ArrayList<>();
        JsonNode steps = root.path(MetricsKeys.LOSS);
        if (steps.isArray()) {
            for (JsonNode step : steps) {
                if (step.isNumber() && Double.isFinite(step.asDouble())) {
                    loss.add(step.asDouble());
                }
            }
        }
        JsonNode round = root.path(MetricsKeys.ROUND);
        return new RoundMetrics(versionId, round.canConvertToInt() && round.isNumber() ? round.asInt() : position, loss,
                number(root, MetricsKeys.MAP), number(root, MetricsKeys.CF1), number(root, MetricsKeys.OF1),
                number(root, MetricsKeys.PL_PRECISION), number(root, MetricsKeys.PL_RECALL),
                number(root, MetricsKeys.PL_ACCURACY));
    }

    private static Double number(JsonNode root, String key) {
        JsonNode value = root.path(key);
        return value.isNumber() && Double.isFinite(value.asDouble()) ? value.asDouble() : null;
    }
}
