package org.regiontag.db.repo;

/**
 * A trained state of the model: what an incremental round produced.
 *
 * @param id the row id
 * @param parentId the version this one was trained from, or {@code null} for the first
 * @param backbone the frozen backbone's name, such as {@code clip-vit-base-patch16}
 * @param trainingConfig the training configuration as a JSON object
 * @param metrics evaluation results as a JSON object, or {@code null} before evaluation
 * @param weightsFile the trained tensors' file, relative to the project's {@code models/} folder
 * @param createdAt when, in the store's time format
 */
public record ModelVersion(long id, Long parentId, String backbone, String trainingConfig, String metrics,
        String weightsFile, String createdAt) {
}
