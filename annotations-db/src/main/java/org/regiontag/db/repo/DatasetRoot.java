package org.regiontag.db.repo;

import java.nio.file.Path;

/**
 * A folder that image paths are relative to.
 *
 * @param id the row id
 * @param path the folder's absolute, normalised path
 * @param exhaustive whether an import declared this source exhaustive (its unknown cells became negative)
 */
public record DatasetRoot(long id, Path path, boolean exhaustive) {
}
