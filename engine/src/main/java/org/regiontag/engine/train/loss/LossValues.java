package org.regiontag.engine.train.loss;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loss terms of one step as numbers, for progress reports and the loss history of a round.
 * A term that is switched off is 0.
 *
 * @param classification the asymmetric loss on known cells
 * @param distillation the knowledge-distillation term, before its weight
 * @param pseudoLabel the asymmetric loss on pseudo-labelled cells, before its weight
 * @param contrastive the multimodal contrastive loss, before its weight
 * @param total the weighted sum that was minimised
 */
public record LossValues(double classification, double distillation, double pseudoLabel, double contrastive,
        double total) {

    /** Returns the terms by name, with the total first, for {@code Progress} metrics. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("loss", total);
        map.put("cls", classification);
        map.put("kd", distillation);
        map.put("pl", pseudoLabel);
        map.put("con", contrastive);
        return map;
    }

    public boolean isFinite() {
        return Double.isFinite(classification) && Double.isFinite(distillation) && Double.isFinite(pseudoLabel)
                && Double.isFinite(contrastive) && Double.isFinite(total);
    }
}
