package org.regiontag.db.repo;

import org.regiontag.db.image.ImageStatus;

/**
 * The facts about one image that its thumbnail in the browser shows.
 *
 * @param id the image's id
 * @param rootId its dataset root
 * @param path its path relative to the root
 * @param status whether its file can be used
 * @param statusReason why it is missing or damaged, or {@code null}
 * @param knownCells cells of the image with a working label
 * @param pendingSuggestions pending suggestions on cells of the image that no person decided
 * @param possibleErrors those of them that disagree with an imported label
 */
public record ImageSummary(long id, long rootId, String path, ImageStatus status, String statusReason,
        int knownCells, int pendingSuggestions, int possibleErrors) {
}
