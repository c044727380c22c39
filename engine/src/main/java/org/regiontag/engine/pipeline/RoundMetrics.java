package org.regiontag.engine.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.engine.train.loss.LossValues;

/**
 * The metrics of one model version, stored as JSON in {@code model_version.metrics} (and the
 * version's {@code metrics.json}), so that the application can chart them per round:
 * <pre>
 * {"round": 2, "kind": "trained", "steps": 200,
 *  "loss": [per-step total], "loss_terms": {"cls": [..], "kd": [..], "pl": [..], "con": [..]},
 *  "map": 87.1, "cf1": 80.2, "of1": 83.5,
 *  "pl_precision": 97.9, "pl_recall": 61.0, "pl_accuracy": 40.2,
 *  "eval_set": "test", "eval_images": 500}
 * </pre>
 * Every score is in percent. A value that cannot be computed is {@code null}: mAP, CF1 and OF1
 * without complete labels, the pseudo-label numbers without unknown cells that have complete labels.
 * {@code loss} and {@code loss_terms} are empty for a zero-shot version (round 0), which trains
 * nothing; {@code kind} is {@code zero-shot} or {@code trained}. {@code eval_set} is {@code test}
 * when mAP, CF1 and OF1 come from the test split's images with complete labels, {@code all} when the
 * project has no such test image and they come from every image with complete labels, and
 * {@code none} without complete labels.
 *
 * @param round the round, 0 for zero-shot
 * @param kind {@code zero-shot} or {@code trained}
 * @param steps optimizer steps of the round
 * @param loss the total loss of every step
 * @param lossTerms each loss term of every step: {@code cls}, {@code kd}, {@code pl}, {@code con}
 * @param map mean average precision
 * @param cf1 per-category F1 at probability 0.5
 * @param of1 overall F1 at probability 0.5
 * @param plPrecision pseudo-positives that are positive in the complete labels
 * @param plRecall positive unknown cells that became pseudo-positive
 * @param plAccuracy images whose estimated label set equals the complete one
 * @param evalSet which images mAP, CF1 and OF1 come from
 * @param evalImages how many
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RoundMetrics(
        int round,
        String kind,
        int steps,
        List<Double> loss,
        @JsonProperty("loss_terms") Map<String, List<Double>> lossTerms,
        Double map,
        Double cf1,
        Double of1,
        @JsonProperty("pl_precision") Double plPrecision,
        @JsonProperty("pl_recall") Double plRecall,
        @JsonProperty("pl_accuracy") Double plAccuracy,
        @JsonProperty("eval_set") String evalSet,
        @JsonProperty("eval_images") int evalImages) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RoundMetrics {
        loss = loss == null ? List.of() : List.copyOf(loss);
        Map<String, List<Double>> terms = new LinkedHashMap<>();
        for (String name : List.of("cls", "kd", "pl", "con")) {
            List<Double> values = lossTerms == null ? null : lossTerms.get(name);
            terms.put(name, values == null ? List.of() : List.copyOf(values));
        }
        lossTerms = terms;
    }

    /** The loss history of a round, with the evaluation to come. */
    public static RoundMetrics ofRound(int round, String kind, List<LossValues> losses) {
        List<Double> total = new ArrayList<>();
        Map<String, List<Double>> terms = new LinkedHashMap<>();
        for (String name : List.of("cls", "kd", "pl", "con")) {
            terms.put(name, new ArrayList<>());
        }
        for (LossValues values : losses) {
            total.add(values.total());
            terms.get("cls").add(values.classification());
            terms.get("kd").add(values.distillation());
            terms.get("pl").add(values.pseudoLabel());
            terms.get("con").add(values.contrastive());
        }
        return new RoundMetrics(round, kind, losses.size(), total, terms, null, null, null, null, null, null, "none", 0);
    }

    /** This history with an evaluation's results in place of the previous ones. */
    public RoundMetrics withEvaluation(EvaluationResult evaluation) {
        return new RoundMetrics(round, kind, steps, loss, lossTerms,
                evaluation.classification() == null ? null : evaluation.classification().meanAveragePrecision(),
                evaluation.classification() == null ? null : evaluation.classification().classF1(),
                evaluation.classification() == null ? null : evaluation.classification().overallF1(),
                percent(evaluation.pseudoLabels() == null ? Double.NaN : evaluation.pseudoLabels().precision()),
                percent(evaluation.pseudoLabels() == null ? Double.NaN : evaluation.pseudoLabels().recall()),
                percent(evaluation.pseudoLabels() == null ? Double.NaN : evaluation.pseudoLabels().accuracy()),
                evaluation.evalSet(), evaluation.evalImages());
    }

    private static Double percent(double fraction) {
        return Double.isNaN(fraction) ? null : 100 * fraction;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("round metrics could not be written as JSON", e);
        }
    }

    /** Reads metrics written by {@link #toJson()}; fields that are absent take empty values. */
    public static RoundMetrics fromJson(String json) {
        try {
            return JSON.readValue(json, RoundMetrics.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored round metrics are not valid: " + e.getOriginalMessage(), e);
        }
    }
}
