package org.regiontag.app.gui.browser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.regiontag.app.gui.AppExecutors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thumbnails decoded off the FX thread into a cache bounded by bytes (least recently used first out).
 *
 * <p>Requests are served newest first, because while a person scrolls the thumbnails requested last
 * are the ones on screen, and a request whose every cell has moved on is dropped before decoding.
 * The cache, the callbacks and the bookkeeping are touched on the {@code ui} executor only, so
 * nothing here needs a lock; the decoding threads only run the loader.
 */
public final class ThumbnailCache implements AutoCloseable {

    /** Makes a thumbnail; returns a missing or damaged one instead of throwing. Runs on a decoding thread. */
    @FunctionalInterface
    public interface Loader {
        Thumbnail load(Path file, int maxSide);
    }

    /** A request a cell may withdraw when it shows another image before the thumbnail arrives. */
    public interface Request {
        void cancel();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailCache.class);
    private static final Request DONE = () -> { };

    private final Loader loader;
    private final Executor ui;
    private final ThreadPoolExecutor decoders;
    private final long maxBytes;
    private final LinkedHashMap<Long, Thumbnail> cache = new LinkedHashMap<>(256, 0.75f, true);
    private final Map<Long, Pending> pending = new HashMap<>();
    private long bytes;
    private int maxSide;
    private int generation;

    /**
     * @param loader decodes one file
     * @param ui the executor that runs callbacks (the FX thread in the application)
     * @param threads decoding threads
     * @param maxBytes the most bytes of pictures kept
     * @param maxSide the longest side of a thumbnail in pixels
     */
    public ThumbnailCache(Loader loader, Executor ui, int threads, long maxBytes, int maxSide) {
        this.loader = loader;
        this.ui = ui;
        this.maxBytes = maxBytes;
        this.maxSide = maxSide;
        this.decoders = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LifoQueue(),
                AppExecutors.daemon("thumbnail"));
    }

    /** Returns the cached thumbnail of an image, or {@code null}. */
    public Thumbnail cached(long imageId) {
        return cache.get(imageId);
    }

    public int maxSide() {
        return maxSide;
    }

    /** Changes the thumbnail size; every cached thumbnail is dropped. */
    public void setMaxSide(int newMaxSide) {
        if (newMaxSide != maxSide) {
            maxSide = newMaxSide;
            clear();
        }
    }

    /**
     * Returns the thumbnail at once through {@code onReady} when cached, otherwise decodes it and
     * calls {@code onReady} on the {@code ui} executor when done, unless the request was cancelled.
     */
    public Request request(long imageId, Path file, Consumer<Thumbnail> onReady) {
        Thumbnail hit = cache.get(imageId);
        if (hit != null) {
            onReady.accept(hit);
            return DONE;
        }
        Pending waiting = pending.get(imageId);
        if (waiting == null) {
            waiting = new Pending(imageId, file, maxSide, generation);
            pending.put(imageId, waiting);
            Pending job = waiting;
            decoders.execute(() -> decode(job));
        }
        Pending target = waiting;
        target.callbacks.add(onReady);
        return () -> {
            target.callbacks.remove(onReady);
            if (target.callbacks.isEmpty()) {
                target.abandoned = true;
                pending.remove(target.imageId, target);
            }
        };
    }

    /** Drops every cached thumbnail and forgets requests in flight. */
    public void clear() {
        cache.clear();
        bytes = 0;
        for (Pending request : pending.values()) {
            request.abandoned = true;
        }
        pending.clear();
        generation++;
    }

    /** Returns the bytes of pictures held now. */
    public long bytes() {
        return bytes;
    }

    /** Returns the number of thumbnails held now. */
    public int size() {
        return cache.size();
    }

    @Override
    public void close() {
        decoders.shutdownNow();
    }

    private void decode(Pending request) {
        if (request.abandoned) {
            return;
        }
        Thumbnail thumbnail;
        try {
            thumbnail = loader.load(request.file, request.maxSide);
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.warn("Making the thumbnail of {} failed", request.file, e);
            thumbnail = Thumbnail.damaged(String.valueOf(e.getMessage()));
        }
        Thumbnail result = thumbnail;
        ui.execute(() -> deliver(request, result));
    }

    private void deliver(Pending request, Thumbnail thumbnail) {
        if (request.generation != generation) {
            return;
        }
        pending.remove(request.imageId, request);
        put(request.imageId, thumbnail);
        List<Consumer<Thumbnail>> callbacks = new ArrayList<>(request.callbacks);
        for (Consumer<Thumbnail> callback : callbacks) {
            callback.accept(thumbnail);
        }
    }

    private void put(long imageId, Thumbnail thumbnail) {
        Thumbnail previous = cache.put(imageId, thumbnail);
        if (previous != null) {
            bytes -= previous.bytes();
        }
        bytes += thumbnail.bytes();
        Iterator<Map.Entry<Long, Thumbnail>> eldest = cache.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<Long, Thumbnail> entry = eldest.next();
            if (entry.getKey() == imageId) {
                continue;
            }
            bytes -= entry.getValue().bytes();
            eldest.remove();
        }
    }

    /** One image being decoded, with the cells waiting for it. */
    private static final class Pending {
        final long imageId;
        final Path file;
        final int maxSide;
        final int generation;
        final List<Consumer<Thumbnail>> callbacks = new ArrayList<>(2);
        volatile boolean abandoned;

        Pending(long imageId, Path file, int maxSide, int generation) {
            this.imageId = imageId;
            this.file = file;
            this.maxSide = maxSide;
            this.generation = generation;
        }
    }

    /** A work queue that hands out the newest task first. */
    private static final class LifoQueue extends LinkedBlockingDeque<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean offer(Runnable task) {
            return offerFirst(task);
        }

        @Override
        public boolean add(Runnable task) {
            return offerFirst(task);
        }
    }
}
