package org.regiontag.engine.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached backbone outputs of one {@link FeatureKey}, in the project's {@code features/} folder:
 * <pre>
 *   features/&lt;cacheKey&gt;/manifest.json             describes the folder
 *   features/&lt;cacheKey&gt;/&lt;sha[0:2]&gt;/&lt;sha&gt;.f16       one {@link FeatureEntry} per image content hash
 * </pre>
 * An image is identified by the SHA-256 of its file, so an edited image, another backbone or other
 * preprocessing simply lands at another path; {@link #prune} deletes folders no longer requested.
 *
 * <p>Concurrency: entries are written to a temporary file and renamed into place, so any number
 * of readers (threads or processes) see whole entries or none. One writer per folder is the
 * intended use; two writers of the same image are harmless (the later rename wins, with equal
 * content). Entries are not flushed to the disk before the rename: after a power failure an entry
 * may fail its length or checksum test, and {@link #read} then throws {@link CorruptEntryException}.
 */
public final class FeatureCache {

    static final String ENTRY_SUFFIX = ".f16";
    /** Temporary files younger than this may belong to a running writer, so prune leaves them. */
    static final Duration STALE_TEMP_AGE = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);

    private final Path folder;
    private final FeatureCacheManifest manifest;

    private FeatureCache(Path folder, FeatureCacheManifest manifest) {
        this.folder = folder;
        this.manifest = manifest;
    }

    /**
     * Opens the folder of {@code key} under {@code featuresDir} for writing and reading, creating
     * it and its manifest when absent.
     *
     * @param modelName the model's name, recorded in the manifest for people
     * @param shape the entry shapes, fixed by the backbone and the input size
     * @throws UserInputException when the folder's manifest describes other features
     */
    public static FeatureCache open(Path featuresDir, FeatureKey key, String modelName, FeatureShape shape)
            throws IOException {
        String cacheKey = key.cacheKey();
        Path folder = featuresDir.resolve(cacheKey);
        Path manifestFile = folder.resolve(FeatureCacheManifest.FILE_NAME);
        FeatureCacheManifest requested = new FeatureCacheManifest(cacheKey, modelName, key, shape,
                Instant.now(Clock.systemUTC()));

        if (Files.exists(manifestFile)) {
            FeatureCacheManifest existing = readManifest(manifestFile);
            if (!existing.describesSameFeatures(requested)) {
                throw new UserInputException(FeatureMessages.format("cache.manifestMismatch", manifestFile, folder));
            }
            return new FeatureCache(folder, existing);
        }
        Files.createDirectories(folder);
        requested.write(manifestFile);
        LOG.info("created feature cache folder {} for model {} ({})", folder, modelName, key.preprocessing().stableString());
        return new FeatureCache(folder, requested);
    }

    /**
     * Returns whether the folder of {@code cacheKey} under {@code featuresDir} has a manifest, so
     * that {@link #openExisting} can open it. A folder without one is the remains of a process
     * killed while it created the folder, and {@link #open} completes it.
     */
    public static boolean exists(Path featuresDir, String cacheKey) {
        return Files.isRegularFile(featuresDir.resolve(cacheKey).resolve(FeatureCacheManifest.FILE_NAME));
    }

    /**
     * Opens the folder of {@code cacheKey} for reading when {@link #exists} says it can be opened;
     * returns {@code null} when nothing has been cached for that key yet.
     */
    public static FeatureCache openIfExists(Path featuresDir, String cacheKey) throws IOException {
        return exists(featuresDir, cacheKey) ? openExisting(featuresDir, cacheKey) : null;
    }

    /**
     * Opens an existing folder for reading, with the key and shapes from its manifest.
     *
     * @throws UserInputException when the folder or its manifest is missing or unreadable
     */
    public static FeatureCache openExisting(Path featuresDir, String cacheKey) throws IOException {
        Path manifestFile = featuresDir.resolve(cacheKey).resolve(FeatureCacheManifest.FILE_NAME);
        if (!Files.exists(manifestFile)) {
            throw new UserInputException(FeatureMessages.format("cache.notFound", featuresDir.resolve(cacheKey)));
        }
        return new FeatureCache(manifestFile.getParent(), readManifest(manifestFile));
    }

    public Path folder() {
        return folder;
    }

    public FeatureCacheManifest manifest() {
        return manifest;
    }

    public FeatureShape shape() {
        return manifest.shape();
    }

    /** The file of an image's entry, whether or not it exists. */
    public Path entryFile(String sha256) {
        checkSha256(sha256);
        return folder.resolve(sha256.substring(0, 2)).resolve(sha256 + ENTRY_SUFFIX);
    }

    /**
     * Whether the image has an entry of the right length, so that an interrupted extraction can
     * skip it. Costs one file-system lookup; the checksum is tested by {@link #read}.
     */
    public boolean contains(String sha256) {
        Path file = entryFile(sha256);
        try {
            return Files.size(file) == FeatureEntry.HEADER_BYTES + shape().payloadBytes();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stores an image's features, replacing any entry it has.
     *
     * @param global the global embedding {@code (embedDim)}
     * @param dense the dense map {@code (height, width, embedDim)}, row-major
     */
    public void put(String sha256, float[] global, float[] dense) throws IOException {
        put(sha256, FloatBuffer.wrap(global), FloatBuffer.wrap(dense));
    }

    /**
     * Stores an image's features from the remaining values of two buffers (positions unchanged).
     *
     * @param global the global embedding {@code (embedDim)}
     * @param dense the dense map {@code (height, width, embedDim)}, row-major
     */
    public void put(String sha256, FloatBuffer global, FloatBuffer dense) throws IOException {
        write(entryFile(sha256), FeatureEntry.encode(shape(), global, dense));
    }

    /**
     * Stores an image's features from engine arrays, which the engine narrows to float16 (round
     * to nearest even, as {@link Float16} does) on their own device, so that only half the bytes
     * are copied out.
     *
     * @param global the global embedding {@code (embedDim)}
     * @param dense the dense map {@code (height, width, embedDim)}
     */
    public void put(String sha256, NDArray global, NDArray dense) throws IOException {
        Shape globalShape = new Shape(shape().embedDim());
        Shape denseShape = new Shape(shape().height(), shape().width(), shape().embedDim());
        if (!global.getShape().equals(globalShape) || !dense.getShape().equals(denseShape)) {
            throw new IllegalArgumentException("features of shapes " + global.getShape() + " and " + dense.getShape()
                    + " do not fit this cache, which stores " + globalShape + " and " + denseShape);
        }
        Path target = entryFile(sha256);
        try (NDArray globalHalf = global.toType(DataType.FLOAT16, false);
                NDArray denseHalf = dense.toType(DataType.FLOAT16, false)) {
            ByteBuffer globalBytes = globalHalf.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer denseBytes = denseHalf.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            write(target, FeatureEntry.encodeHalves(shape(), globalBytes, denseBytes));
        }
    }

    private static void write(Path target, ByteBuffer encoded) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                while (encoded.hasRemaining()) {
                    channel.write(encoded);
                }
            }
            AtomicFiles.moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Maps an image's entry.
     *
     * @throws NoSuchFileException when the image has no entry
     * @throws CorruptEntryException when the entry is damaged; {@link #remove} it and extract again
     */
    public FeatureEntry read(String sha256) throws IOException {
        return FeatureEntry.read(entryFile(sha256), shape());
    }

    /**
     * Reads the entries of several images into one batch of {@code manager}, in the given order.
     * Each entry is widened by the engine from its mapped float16 bytes and the results are
     * stacked on the manager's device; no float32 copy is made in Java.
     *
     * @throws NoSuchFileException when an image has no entry
     * @throws CorruptEntryException when an entry is damaged
     */
    public FeatureBatch readBatch(List<String> sha256s, NDManager manager) throws IOException {
        if (sha256s.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one image");
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDList globals = new NDList(sha256s.size());
            NDList dense = new NDList(sha256s.size());
            for (String sha256 : sha256s) {
                FeatureEntry entry = read(sha256);
                globals.add(entry.globalArray(scratch)); // (embedDim)
                dense.add(entry.denseArray(scratch)); // (height, width, embedDim)
            }
            NDArray stackedGlobals = NDArrays.stack(globals); // (batch, embedDim)
            NDArray stackedDense = NDArrays.stack(dense); // (batch, height, width, embedDim)
            stackedGlobals.attach(manager);
            stackedDense.attach(manager);
            return new FeatureBatch(List.copyOf(sha256s), stackedGlobals, stackedDense);
        }
    }

    /** Deletes an image's entry; returns whether there was one. */
    public boolean remove(String sha256) throws IOException {
        return Files.deleteIfExists(entryFile(sha256));
    }

    /** Lists the cache folders under {@code featuresDir} with their manifests, entry counts and sizes. */
    public static List<CacheFolder> list(Path featuresDir) throws IOException {
        List<CacheFolder> folders = new ArrayList<>();
        if (!Files.isDirectory(featuresDir)) {
            return folders;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(featuresDir)) {
            for (Path child : children) {
                if (Files.isDirectory(child) && FeatureKey.isCacheKey(child.getFileName().toString())) {
                    folders.add(describe(child));
                }
            }
        }
        folders.sort(Comparator.comparing(CacheFolder::cacheKey));
        return folders;
    }

    /**
     * Deletes every cache folder under {@code featuresDir} whose key is not in {@code keepKeys},
     * and temporary files older than an hour in the folders kept. Files and folders whose names
     * are not cache keys are left alone.
     */
    public static PruneReport prune(Path featuresDir, Set<String> keepKeys) throws IOException {
        List<CacheFolder> removed = new ArrayList<>();
        List<CacheFolder> kept = new ArrayList<>();
        int tempFilesRemoved = 0;
        for (CacheFolder cacheFolder : list(featuresDir)) {
            if (keepKeys.contains(cacheFolder.cacheKey())) {
                tempFilesRemoved += deleteStaleTempFiles(cacheFolder.folder());
                kept.add(describe(cacheFolder.folder()));
            } else {
                deleteTree(cacheFolder.folder());
                removed.add(cacheFolder);
                LOG.info("pruned feature cache folder {} ({} entries, {} bytes, model {})", cacheFolder.folder(),
                        cacheFolder.entries(), cacheFolder.bytes(),
                        cacheFolder.manifest().map(FeatureCacheManifest::model).orElse("unknown"));
            }
        }
        return new PruneReport(removed, kept, tempFilesRemoved);
    }

    private static CacheFolder describe(Path folder) throws IOException {
        Optional<FeatureCacheManifest> manifest;
        try {
            manifest = Optional.of(FeatureCacheManifest.read(folder.resolve(FeatureCacheManifest.FILE_NAME)));
        } catch (IOException e) {
            LOG.warn("feature cache folder {} has no readable manifest: {}", folder, e.getMessage());
            manifest = Optional.empty();
        }
        long entries = 0;
        long bytes = 0;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                bytes += Files.size(file);
                if (file.getFileName().toString().endsWith(ENTRY_SUFFIX)) {
                    entries++;
                }
            }
        }
        return new CacheFolder(folder.getFileName().toString(), folder, manifest, entries, bytes);
    }

    private static int deleteStaleTempFiles(Path folder) throws IOException {
        Instant cutoff = Instant.now().minus(STALE_TEMP_AGE);
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(file -> file.getFileName().toString().endsWith(".tmp")).forEach(stale::add);
        }
        int deleted = 0;
        for (Path file : stale) {
            if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                deleted++;
            }
        }
        return deleted;
    }

    private static void deleteTree(Path folder) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }

    private static FeatureCacheManifest readManifest(Path file) throws IOException {
        try {
            return FeatureCacheManifest.read(file);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new UserInputException(FeatureMessages.format("cache.manifestUnreadable", e.getMessage(),
                    file.getParent()), e);
        }
    }

    private static void checkSha256(String sha256) {
        if (sha256 == null || sha256.length() != 64
                || !sha256.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("image hash must be 64 lower-case hex digits (SHA-256), got '" + sha256 + "'");
        }
    }

    /**
     * One folder of the cache.
     *
     * @param manifest its manifest, empty when missing or unreadable
     * @param entries number of entry files
     * @param bytes size of all its files
     */
    public record CacheFolder(String cacheKey, Path folder, Optional<FeatureCacheManifest> manifest, long entries,
            long bytes) {
    }

    /**
     * What {@link #prune} did.
     *
     * @param removed the folders deleted, as they were before deletion
     * @param kept the folders kept, after stale temporary files were deleted
     * @param tempFilesRemoved stale temporary files deleted from kept folders
     */
    public record PruneReport(List<CacheFolder> removed, List<CacheFolder> kept, int tempFilesRemoved) {

        public long bytesRemoved() {
            return removed.stream().mapToLong(CacheFolder::bytes).sum();
        }

        public long bytesKept() {
            return kept.stream().mapToLong(CacheFolder::bytes).sum();
        }
    }
}
