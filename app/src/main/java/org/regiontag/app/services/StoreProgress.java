package org.regiontag.app.services;

import java.util.HashMap;
import java.util.Map;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.EtaEstimator;
import org.regiontag.engine.job.ProgressListener;

/**
 * Passes the store's progress reports on to a job's listener, with an estimate of the time left per
 * phase. It also stops the store's work when the job is cancelled: the report throws, so the
 * store's transaction rolls back and the project stays as it was.
 */
public final class StoreProgress implements ProgressReporter {

    private final ProgressListener listener;
    private final CancellationToken token;
    private final Map<String, EtaEstimator> estimators = new HashMap<>();

    public StoreProgress(ProgressListener listener, CancellationToken token) {
        this.listener = listener;
        this.token = token;
    }

    @Override
    public void report(String phase, long done, long total) {
        token.throwIfCancelled();
        EtaEstimator estimator = estimators.computeIfAbsent(phase, name -> new EtaEstimator(name, total));
        listener.onProgress(estimator.progress(done));
    }
}
