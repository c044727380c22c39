package org.regiontag.engine.job;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag that a caller sets to ask a running job to stop; the job checks it between units of work. */
public final class CancellationToken {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link JobCancelledException} when cancellation was requested. */
    public void throwIfCancelled() {
        if (cancelled.get()) {
            throw new JobCancelledException();
        }
    }
}
