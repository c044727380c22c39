package org.regiontag.db.io;

/** Receives progress of a long store operation on the thread that runs it; implementations return quickly. */
@FunctionalInterface
public interface ProgressReporter {

    ProgressReporter NONE = (phase, done, total) -> { };

    /**
     * @param phase a short name of the current phase, such as {@code probe} or {@code write}
     * @param done units finished in this phase
     * @param total units in this phase
     */
    void report(String phase, long done, long total);
}
