package org.regiontag.engine.pipeline;

import java.util.List;

/**
 * What an {@link ExtractFeatures} job did.
 *
 * @param extracted images whose features it computed and cached
 * @param alreadyCached images skipped because their features were cached under the current key
 * @param damaged images whose file failed to decode; now marked damaged in the store
 * @param missing images whose file was not found; skipped, their status left as it is
 * @param changed images whose file no longer has the content hash the store records; skipped
 *     until they are imported again
 * @param seconds wall-clock time of the extraction (zero-shot scores not included)
 * @param device the device inference ran on
 * @param cacheKey the feature-cache folder the features went to
 * @param zeroShotScored images whose zero-shot scores were computed afterwards
 * @param problems a line per damaged, missing or changed image (path and reason), at most
 *     {@link ExtractFeatures#MAX_LISTED_PROBLEMS}
 */
public record ExtractionResult(int extracted, int alreadyCached, int damaged, int missing, int changed,
        double seconds, String device, String cacheKey, int zeroShotScored, List<String> problems) {

    public ExtractionResult {
        problems = List.copyOf(problems);
    }

    /** Images per second of wall-clock time; 0 when nothing was extracted. */
    public double imagesPerSecond() {
        return extracted == 0 || seconds <= 0 ? 0 : extracted / seconds;
    }
}
