package org.regiontag.app.gui;

import java.util.concurrent.Executor;

/**
 * The threads that view models use. The application runs {@code ui} work on the FX thread and the
 * rest on background threads; tests pass {@link #sameThread()} so that every step runs at once, in
 * order, on the test's thread.
 *
 * @param ui runs work that updates view-model properties: the FX thread in the application
 * @param reads runs store queries, image decoding and other reads, several at a time
 * @param writes runs label changes one at a time, in the order they were made
 * @param jobs runs long background jobs (import, export, training) one at a time
 */
public record UiExecutors(Executor ui, Executor reads, Executor writes, Executor jobs) {

    /** Returns executors that run everything at once on the calling thread. */
    public static UiExecutors sameThread() {
        Executor direct = Runnable::run;
        return new UiExecutors(direct, direct, direct, direct);
    }
}
