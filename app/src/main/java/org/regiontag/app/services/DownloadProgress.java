package org.regiontag.app.services;

import org.regiontag.engine.job.EtaEstimator;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.models.DownloadListener;

/**
 * Passes a model download's progress on to a job's listener: one phase per file, named after the
 * file, counted in bytes, with an estimate of the time left.
 */
public final class DownloadProgress implements DownloadListener {

    private final ProgressListener listener;
    private EtaEstimator estimator;

    public DownloadProgress(ProgressListener listener) {
        this.listener = listener;
    }

    @Override
    public void fileStarted(String file, long size, long resumedFrom) {
        estimator = new EtaEstimator(file, size);
        listener.onProgress(estimator.progress(resumedFrom));
    }

    @Override
    public void progressed(String file, long done, long size) {
        if (estimator == null) {
            estimator = new EtaEstimator(file, size);
        }
        listener.onProgress(estimator.progress(done));
    }
}
