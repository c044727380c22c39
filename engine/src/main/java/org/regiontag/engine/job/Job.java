package org.regiontag.engine.job;

/**
 * A unit of background work (feature extraction, a training round, suggestion, evaluation, import,
 * export).
 *
 * <p>Contract: {@link #run} is called on a background thread; it reports progress through the
 * listener, checks the token between units of work, and either returns its result with its
 * changes committed, or throws (a {@link JobCancelledException} when cancelled) with the project
 * left as it was before the call.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface Job<R> {

    R run(ProgressListener listener, CancellationToken token) throws Exception;
}
