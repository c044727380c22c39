package org.regiontag.db.io;

/**
 * How a parsed dataset is written to a project.
 *
 * @param actor who imports, recorded with every imported label (the command line uses the login name)
 * @param exhaustive whether the source lists every positive of its categories, so that its unknown
 *     cells are negative. Off by default because most sources are not exhaustive; images without
 *     annotations are then all-unknown, never all-negative
 * @param simulation a missing-label simulation to apply, or {@code null} to keep every cell
 */
public record ImportOptions(String actor, boolean exhaustive, MissingLabelSimulation simulation) {

    public ImportOptions {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("an import needs an actor");
        }
    }

    /** Returns options that keep every cell and treat the source as not exhaustive. */
    public static ImportOptions of(String actor) {
        return new ImportOptions(actor, false, null);
    }
}
