package org.regiontag.engine.pipeline;

import java.util.List;

/**
 * What an {@link Evaluate} job measured, and the stored metrics of every version.
 *
 * @param modelVersionId the evaluated version
 * @param round its round
 * @param kind {@code zero-shot} or {@code trained}
 * @param evaluation the measurements now
 * @param categoryNames category names in the column order of the per-category average precisions
 * @param history every version's stored metrics, oldest first, the evaluated one updated
 */
public record EvaluationReport(long modelVersionId, int round, String kind, EvaluationResult evaluation,
        List<String> categoryNames, List<HistoryEntry> history) {

    public EvaluationReport {
        categoryNames = List.copyOf(categoryNames);
        history = List.copyOf(history);
    }

    /**
     * One version's stored metrics.
     *
     * @param modelVersionId the version
     * @param parentId the version it was trained from, or null
     * @param createdAt when it was registered, in the store's time format
     * @param metrics its metrics; empty values when none are stored or they cannot be read
     */
    public record HistoryEntry(long modelVersionId, Long parentId, String createdAt, RoundMetrics metrics) {
    }
}
