package org.regiontag.engine.job;

/** Receives progress from a job, on the job's own thread; implementations must return quickly. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = progress -> { };

    void onProgress(Progress progress);
}
