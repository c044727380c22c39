package org.regiontag.db.repo;

/**
 * The completeness of a project's working labels.
 *
 * @param images images of the project
 * @param categories categories of the project
 * @param knownCells cells with a working label
 * @param pendingSuggestions suggestions waiting for a decision
 */
public record Completeness(long images, long categories, long knownCells, long pendingSuggestions) {

    /** Returns the number of cells, images times categories. */
    public long cells() {
        return images * categories;
    }

    /** Returns the known fraction of the cells in [0, 1]; 1 for a project without cells. */
    public double knownFraction() {
        return cells() == 0 ? 1.0 : (double) knownCells / cells();
    }
}
