package org.regiontag.db.repo;

import java.util.List;

/**
 * Completeness numbers of a project.
 *
 * @param images every image of the project, whatever its status
 * @param missingImages images whose file is not found
 * @param damagedImages images whose file cannot be decoded
 * @param categories counts of the working labels, per category in display order, over all images
 * @param groundTruth counts of the complete labels kept for evaluation, or {@code null} when there are none
 * @param pendingSuggestions suggestions waiting for a decision
 */
public record Statistics(long images, long missingImages, long damagedImages, List<CategoryCounts> categories,
        GroundTruthCounts groundTruth, long pendingSuggestions) {

    public Statistics {
        categories = List.copyOf(categories);
    }

    /**
     * Counts of the ground truth.
     *
     * @param images images that have at least one ground-truth cell; unknown counts are relative to them
     * @param categories per category in display order
     */
    public record GroundTruthCounts(long images, List<CategoryCounts> categories) {

        public GroundTruthCounts {
            categories = List.copyOf(categories);
        }
    }
}
