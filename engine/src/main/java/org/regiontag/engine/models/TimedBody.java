package org.regiontag.engine.models;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read chunk by chunk with a timeout on each chunk.
 *
 * <p>{@code java.net.http.HttpClient} has no read timeout once the headers have arrived, and in
 * Java 17 closing its {@code InputStream} from another thread does not wake a blocked
 * {@code read()}. This subscriber hands chunks to the reading thread through a queue, which that
 * thread polls with a timeout, and cancels the subscription (closing the connection) on a stall.
 */
final class TimedBody implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean ended;

    /** Subscribes to a response body publisher. */
    static TimedBody of(Flow.Publisher<List<ByteBuffer>> publisher) {
        TimedBody body = new TimedBody();
        publisher.subscribe(body);
        return body;
    }

    /** The body did not send anything within the timeout. */
    static final class StalledException extends IOException {
        private static final long serialVersionUID = 1L;

        StalledException(Duration timeout) {
            super("no data for " + timeout.toMillis() + " ms");
        }
    }

    /**
     * Returns the next chunk of the body, or {@code null} at its end.
     *
     * @throws StalledException when nothing arrives within {@code timeout}; the connection is then closed
     * @throws IOException when the connection fails
     */
    @SuppressWarnings("unchecked")
    List<ByteBuffer> next(Duration timeout) throws IOException, InterruptedException {
        Object item = items.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (item == null) {
            close();
            throw new StalledException(timeout);
        }
        if (item == END) {
            ended = true;
            return null;
        }
        if (item instanceof Throwable) {
            ended = true;
            Throwable error = (Throwable) item;
            throw error instanceof IOException ? (IOException) error : new IOException(error.getMessage(), error);
        }
        subscription.request(1);
        return (List<ByteBuffer>) item;
    }

    /** Reads the whole body (for small responses such as the file list). */
    byte[] readAll(Duration timeout) throws IOException, InterruptedException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (List<ByteBuffer> chunk = next(timeout); chunk != null; chunk = next(timeout)) {
            for (ByteBuffer buffer : chunk) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                out.write(bytes);
            }
        }
        return out.toByteArray();
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        subscription = newSubscription;
        newSubscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable error) {
        items.add(error);
    }

    @Override
    public void onComplete() {
        items.add(END);
    }

    /** Stops the body unless it has ended, which closes the connection. */
    @Override
    public void close() {
        Flow.Subscription current = subscription;
        if (!ended && current != null) {
            ended = true;
            current.cancel();
        }
    }
}
