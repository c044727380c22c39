package org.regiontag.engine.pipeline;

import java.util.List;
import org.regiontag.engine.train.loss.LossValues;

/**
 * What a {@link FineTune} round produced.
 *
 * @param modelVersionId the new version
 * @param parentId the version it started from, or null when it started from scratch
 * @param round its round
 * @param lastLoss the loss terms of the last step
 * @param metrics the round's metrics as stored with the version
 * @param counts its suggestions by proposed state, and possible label errors
 * @param stored suggestions stored as pending
 * @param trainingImages images the round trained on (features, outside the test split)
 * @param imagesScored images scored for suggestions and evaluation
 * @param imagesWithoutFeatures usable images left out because they have no features yet
 * @param notStartedFromNewest why the newest version could not be continued (another backbone,
 *     other categories); empty when it was, or when there was none
 */
public record FineTuneResult(long modelVersionId, Long parentId, int round, LossValues lastLoss, RoundMetrics metrics,
        SuggestionPlanner.Counts counts, int stored, int trainingImages, int imagesScored, int imagesWithoutFeatures,
        List<String> notStartedFromNewest) {

    public FineTuneResult {
        notStartedFromNewest = List.copyOf(notStartedFromNewest);
    }
}
