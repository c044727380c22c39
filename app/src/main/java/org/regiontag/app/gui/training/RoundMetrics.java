package org.regiontag.app.gui.training;

import java.util.List;

/**
 * The numbers of one model version for the charts, read from its metrics JSON as the engine writes
 * it ({@link org.regiontag.engine.pipeline.RoundMetrics}). The engine stores scores in percent; they
 * are fractions here. A number the engine could not compute is {@code null}.
 *
 * @param versionId the model version
 * @param round the round's number, 0 for a zero-shot version
 * @param loss the total loss after each step, empty for a zero-shot version
 * @param map mean average precision, in [0, 1]
 * @param cf1 per-category F1
 * @param of1 overall F1
 * @param plPrecision pseudo-label precision
 * @param plRecall pseudo-label recall
 * @param plAccuracy pseudo-label accuracy
 */
public record RoundMetrics(long versionId, int round, List<Double> loss, Double map, Double cf1, Double of1,
        Double plPrecision, Double plRecall, Double plAccuracy) {

    public RoundMetrics {
        loss = List.copyOf(loss);
    }

    /**
     * Reads a version's metrics.
     *
     * @param json the metrics JSON object, or {@code null} before evaluation
     * @param position the version's position in the list, from 1, used as the round when there is no JSON
     * @throws IllegalArgumentException when the text is not the engine's metrics JSON
     */
    public static RoundMetrics parse(long versionId, int position, String json) {
        if (json == null || json.isBlank()) {
            return new RoundMetrics(versionId, position, List.of(), null, null, null, null, null, null);
        }
        org.regiontag.engine.pipeline.RoundMetrics stored;
        try {
            stored = org.regiontag.engine.pipeline.RoundMetrics.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the metrics of model version " + versionId + " are not valid: "
                    + e.getMessage(), e);
        }
        List<Double> loss = stored.loss().stream().filter(value -> value != null && Double.isFinite(value)).toList();
        return new RoundMetrics(versionId, stored.round(), loss, fraction(stored.map()), fraction(stored.cf1()),
                fraction(stored.of1()), fraction(stored.plPrecision()), fraction(stored.plRecall()),
                fraction(stored.plAccuracy()));
    }

    private static Double fraction(Double percent) {
        return percent == null || !Double.isFinite(percent) ? null : percent / 100;
    }
}
