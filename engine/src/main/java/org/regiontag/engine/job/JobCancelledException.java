package org.regiontag.engine.job;

/** A job stopped because its {@link CancellationToken} was set; the project is as it was before the job. */
public final class JobCancelledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JobCancelledException() {
        super("cancelled");
    }
}
