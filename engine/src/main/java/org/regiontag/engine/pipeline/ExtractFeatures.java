package org.regiontag.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.regiontag.db.Project;
import org.regiontag.db.image.ImageDecodeException;
import org.regiontag.db.image.ImageDecoder;
import org.regiontag.db.image.ImageProbe;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.repo.DatasetRoot;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ImageFeatures;
import org.regiontag.engine.features.FeatureCache;
import org.regiontag.engine.features.FeatureShape;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.EtaEstimator;
import org.regiontag.engine.job.Job;
import org.regiontag.engine.job.JobCancelledException;
import org.regiontag.engine.job.ProgressListener;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ZeroShotScores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the frozen backbone's features of every usable image into the project's feature cache,
 * then brings the zero-shot scores up to date.
 *
 * <p>Decoder threads read, hash and decode images ({@link ImageDecoder}: EXIF orientation, CMYK,
 * 16-bit and alpha handled) and resize them to the square input, while this thread runs the backbone
 * on batches of what they have decoded, so decoding overlaps inference. The batch grows or shrinks
 * after each one so that a batch takes about {@link #TARGET_BATCH_SECONDS}, which keeps progress
 * reports frequent on a CPU and batches large on a GPU.
 *
 * <p>The job is resumable: an image whose features are cached under the current key is skipped, and
 * each entry is written whole (the cache renames it into place), so a cancelled or failed run keeps
 * what it wrote and the next run computes only the rest. A file that fails to decode is marked
 * damaged in the store with the reason, in a short transaction after each batch; a missing file, or
 * one whose content no longer matches the hash recorded at import, is skipped and reported.
 */
public final class ExtractFeatures implements Job<ExtractionResult> {

    /** Problems listed in a result at most; the counts cover all. */
    public static final int MAX_LISTED_PROBLEMS = 20;
    /** About half a second per batch: progress twice a second, and enough images to fill a GPU. */
    static final double TARGET_BATCH_SECONDS = 0.5;
    static final int FIRST_BATCH = 4;
    static final int MAX_BATCH = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ExtractFeatures.class);

    private final Project project;
    private final Backbone backbone;
    private final int decoderThreads;

    /** A job with one decoder thread per core but one, at least one and at most 8. */
    public ExtractFeatures(Project project, Backbone backbone) {
        this(project, backbone, Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors() - 1)));
    }

    public ExtractFeatures(Project project, Backbone backbone, int decoderThreads) {
        if (decoderThreads < 1) {
            throw new IllegalArgumentException("at least one decoder thread is needed, got " + decoderThreads);
        }
        this.project = project;
        this.backbone = backbone;
        this.decoderThreads = decoderThreads;
    }

    /** An image to extract, with its file. */
    private record Target(ImageRecord image, Path file) {
    }

    /** Why a target has no pixels. */
    private enum Problem {
        DAMAGED,
        MISSING,
        CHANGED
    }

    /** A decoder's outcome for one target: pixels, or why there are none. */
    private record Decoded(Target target, float[] pixels, Problem problem, String reason, RuntimeException error) {
    }

    @Override
    public ExtractionResult run(ProgressListener listener, CancellationToken token) throws IOException {
        long started = System.nanoTime();
        FeatureCache existing = openExistingCache();
        List<Target> targets = new ArrayList<>();
        int alreadyCached = collectTargets(existing, targets);
        LOG.info("extracting features of {} images with {} ({} already cached)", targets.size(),
                backbone.modelName(), alreadyCached);

        Counts counts = new Counts();
        FeatureCache cache = existing;
        if (!targets.isEmpty()) {
            cache = extract(targets, existing, counts, listener, token);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int zeroShot = 0;
        if (cache != null) {
            zeroShot = ZeroShotScores.update(project.database(), backbone, cache, listener, token).scored();
        }
        return new ExtractionResult(counts.extracted, alreadyCached, counts.damaged, counts.missing, counts.changed,
                seconds, backbone.device().toString(), backbone.featureKey().cacheKey(), zeroShot, counts.problems);
    }

    private FeatureCache openExistingCache() throws IOException {
        return FeatureCache.openIfExists(project.featuresFolder(), backbone.featureKey().cacheKey());
    }

    /** Lists the usable images without cached features; returns how many have them. */
    private int collectTargets(FeatureCache cache, List<Target> targets) {
        Map<Long, Path> roots = new HashMap<>();
        List<ImageRecord> images = new ArrayList<>();
        project.database().read(connection -> {
            for (DatasetRoot root : new DatasetRootRepository(connection).findAllRoots()) {
                roots.put(root.id(), root.path());
            }
            new ImageRepository(connection).forEachImage(images::add);
            return null;
        });
        int cached = 0;
        for (ImageRecord image : images) {
            if (image.status() != ImageStatus.OK || image.sha256() == null) {
                continue;
            }
            if (cache != null && cache.contains(image.sha256())) {
                cached++;
            } else {
                targets.add(new Target(image, roots.get(image.rootId()).resolve(image.path())));
            }
        }
        return cached;
    }

    /** Counts of the outcomes, and the first problems. */
    private static final class Counts {
        int extracted;
        int damaged;
        int missing;
        int changed;
        final List<String> problems = new ArrayList<>();

        void problem(Target target, String reason) {
            if (problems.size() < MAX_LISTED_PROBLEMS) {
                problems.add(target.file() + ": " + reason);
            }
        }
    }

    private FeatureCache extract(List<Target> targets, FeatureCache existing, Counts counts, ProgressListener listener,
            CancellationToken token) throws IOException {
        BlockingQueue<Decoded> queue = new ArrayBlockingQueue<>(2 * MAX_BATCH);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> decoders = new ArrayList<>();
        for (int t = 0; t < decoderThreads; t++) {
            Thread thread = new Thread(() -> decodeLoop(targets, next, queue, stop), "regiontag-decode-" + t);
            thread.setDaemon(true);
            thread.start();
            decoders.add(thread);
        }

        FeatureCache cache = existing;
        EtaEstimator eta = new EtaEstimator("extract", targets.size());
        int received = 0;
        int batchSize = FIRST_BATCH;
        List<Decoded> damaged = new ArrayList<>();
        try (NDManager base = Djl.newBaseManager(backbone.device())) {
            while (received < targets.size()) {
                token.throwIfCancelled();
                List<Decoded> batch = takeBatch(queue, batchSize, token);
                received += batch.size();
                List<Decoded> decoded = new ArrayList<>();
                for (Decoded item : batch) {
                    if (item.error() != null) {
                        throw item.error();
                    }
                    if (item.problem() == null) {
                        decoded.add(item);
                    } else {
                        record(item, counts, damaged);
                    }
                }
                if (!decoded.isEmpty()) {
                    long inferenceStart = System.nanoTime();
                    cache = infer(base, decoded, cache);
                    counts.extracted += decoded.size();
                    double perImage = (System.nanoTime() - inferenceStart) / 1e9 / decoded.size();
                    batchSize = (int) Math.max(1, Math.min(MAX_BATCH, Math.round(TARGET_BATCH_SECONDS / perImage)));
                }
                markDamaged(damaged);
                listener.onProgress(eta.progress(received, Map.of("extracted", (double) counts.extracted)));
            }
        } finally {
            stop.set(true);
            for (Thread decoder : decoders) {
                decoder.interrupt();
            }
            for (Thread decoder : decoders) {
                joinQuietly(decoder);
            }
            markDamaged(damaged);
        }
        LOG.info("extracted {} images ({} damaged, {} missing, {} changed since import)", counts.extracted,
                counts.damaged, counts.missing, counts.changed);
        return cache;
    }

    private void record(Decoded item, Counts counts, List<Decoded> damaged) {
        counts.problem(item.target(), item.reason());
        switch (item.problem()) {
            case DAMAGED -> {
                counts.damaged++;
                damaged.add(item);
            }
            case MISSING -> counts.missing++;
            case CHANGED -> counts.changed++;
            default -> throw new IllegalStateException("unknown problem " + item.problem());
        }
    }

    /** Waits for at least one decoded image, then takes whatever else is ready, up to the batch size. */
    private static List<Decoded> takeBatch(BlockingQueue<Decoded> queue, int batchSize, CancellationToken token) {
        List<Decoded> batch = new ArrayList<>(batchSize);
        try {
            Decoded first = null;
            while (first == null) {
                token.throwIfCancelled();
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            }
            batch.add(first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException();
        }
        queue.drainTo(batch, batchSize - 1);
        return batch;
    }

    /** Runs the backbone on a batch and caches each image's features; opens the cache on first use. */
    private FeatureCache infer(NDManager base, List<Decoded> batch, FeatureCache cache) throws IOException {
        int size = backbone.imageSize();
        int plane = 3 * size * size;
        float[] pixels = new float[batch.size() * plane];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(batch.get(i).pixels(), 0, pixels, i * plane, plane);
        }
        try (NDManager manager = base.newSubManager()) {
            NDArray input = manager.create(pixels, new Shape(batch.size(), 3, size, size)); // (B, 3, size, size)
            try (ImageFeatures features = backbone.clip().encodeImageDense(input, backbone.denseMode())) {
                Shape dense = features.dense().getShape(); // (B, h, w, embedDim)
                FeatureCache target = cache != null ? cache : FeatureCache.open(project.featuresFolder(),
                        backbone.featureKey(), backbone.modelName(),
                        new FeatureShape((int) dense.get(3), (int) dense.get(1), (int) dense.get(2)));
                for (int i = 0; i < batch.size(); i++) {
                    target.put(batch.get(i).target().image().sha256(), features.global().get(i), // (embedDim)
                            features.dense().get(i)); // (h, w, embedDim)
                }
                return target;
            }
        }
    }

    private void decodeLoop(List<Target> targets, AtomicInteger next, BlockingQueue<Decoded> queue,
            AtomicBoolean stop) {
        ImageDecoder decoder = new ImageDecoder();
        while (!stop.get()) {
            int index = next.getAndIncrement();
            if (index >= targets.size()) {
                return;
            }
            Decoded item = decode(decoder, targets.get(index));
            try {
                while (!stop.get() && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    // The inference thread is behind; wait for room.
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Decoded decode(ImageDecoder decoder, Target target) {
        try {
            if (!Files.isRegularFile(target.file())) {
                return new Decoded(target, null, Problem.MISSING,
                        PipelineMessages.format("extract.missing"), null);
            }
            String sha256 = ImageProbe.sha256(target.file());
            if (!sha256.equals(target.image().sha256())) {
                return new Decoded(target, null, Problem.CHANGED, PipelineMessages.format("extract.changed"), null);
            }
            BufferedImage image = decoder.decode(target.file());
            return new Decoded(target, backbone.clip().preprocessor().square(image, backbone.imageSize()), null, null,
                    null);
        } catch (ImageDecodeException e) {
            return new Decoded(target, null, Problem.DAMAGED, e.reason(), null);
        } catch (IOException e) {
            return new Decoded(target, null, Problem.DAMAGED,
                    PipelineMessages.format("extract.unreadable", e.getMessage()), null);
        } catch (RuntimeException e) {
            return new Decoded(target, null, null, null, e);
        }
    }

    private void markDamaged(List<Decoded> damaged) {
        if (damaged.isEmpty()) {
            return;
        }
        List<Decoded> batch = new ArrayList<>(damaged);
        damaged.clear();
        project.database().inTransaction(connection -> {
            ImageRepository images = new ImageRepository(connection);
            for (Decoded item : batch) {
                images.updateImageStatus(item.target().image().id(), ImageStatus.DAMAGED, item.reason());
            }
            return null;
        });
        for (Decoded item : batch) {
            LOG.warn("image {} is damaged and was marked so: {}", item.target().file(), item.reason());
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
