package org.regiontag.app.gui.training;

/**
 * One model version in the versions table.
 *
 * @param id the version's id
 * @param parentId the version it was trained from, or {@code null}
 * @param backbone the frozen backbone
 * @param createdAt when it was made, as shown
 * @param metrics its numbers; every number is {@code null} when the JSON is missing or invalid
 * @param note why the metrics are missing, or empty
 */
public record VersionRow(long id, Long parentId, String backbone, String createdAt, RoundMetrics metrics,
        String note) {
}
