package org.regiontag.engine.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.regiontag.engine.features.PreprocessingKey.ResizeMode;

class FeatureCacheTest {

    private static final FeatureShape SHAPE = new FeatureShape(6, 3, 2);
    private static final FeatureKey KEY = new FeatureKey("test-backbone@1", PreprocessingKey.clip(ResizeMode.SQUARE, 224));

    @TempDir
    Path features;

    @Test
    void entryRoundTripsAsFloat16() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);
        float[] global = random(SHAPE.embedDim(), 1);
        float[] dense = random(SHAPE.denseLength(), 2);

        cache.put(sha(1), global, dense);
        FeatureEntry entry = cache.read(sha(1));

        assertThat(entry.shape()).isEqualTo(SHAPE);
        assertThat(entry.global()).containsExactly(halfRounded(global));
        assertThat(entry.dense()).containsExactly(halfRounded(dense));
        assertThat(entry.file()).isEqualTo(features.resolve(KEY.cacheKey()).resolve(sha(1).substring(0, 2))
                .resolve(sha(1) + ".f16"));
        assertThat(Files.size(entry.file())).isEqualTo(32 + 2L * (6 + 36));
    }

    @Test
    void containsTellsWhichImagesAreCached() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);

        assertThat(cache.contains(sha(1))).isFalse();
        cache.put(sha(1), random(6, 1), random(36, 2));

        assertThat(cache.contains(sha(1))).isTrue();
        assertThat(cache.contains(sha(2))).isFalse();
        assertThatThrownBy(() -> cache.read(sha(2))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void writeLeavesNoTemporaryFile() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);

        cache.put(sha(1), random(6, 1), random(36, 2));

        try (Stream<Path> files = Files.walk(cache.folder())) {
            assertThat(files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("manifest.json", sha(1) + ".f16");
        }
    }

    @Test
    void wrongLengthsAreRejected() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);

        assertThatThrownBy(() -> cache.put(sha(1), new float[5], new float[36]))
                .hasMessage("global embedding has 5 values, expected embedDim 6");
        assertThatThrownBy(() -> cache.put(sha(1), new float[6], new float[35]))
                .hasMessage("dense map has 35 values, expected 3 x 2 x 6");
        assertThatThrownBy(() -> cache.put("../../etc", new float[6], new float[36]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.contains(sha(1))).isFalse();
    }

    @Test
    void changedKeyUsesAnotherFolder() throws IOException {
        FeatureCache first = FeatureCache.open(features, KEY, "tiny", SHAPE);
        FeatureKey otherBackbone = new FeatureKey("test-backbone@2", KEY.preprocessing());
        FeatureKey otherPreprocessing = new FeatureKey(KEY.backbone(), PreprocessingKey.clip(ResizeMode.CROP, 224));
        first.put(sha(1), random(6, 1), random(36, 2));

        FeatureCache second = FeatureCache.open(features, otherBackbone, "tiny", SHAPE);
        FeatureCache third = FeatureCache.open(features, otherPreprocessing, "tiny", SHAPE);

        assertThat(second.folder()).isNotEqualTo(first.folder());
        assertThat(third.folder()).isNotEqualTo(first.folder()).isNotEqualTo(second.folder());
        assertThat(second.contains(sha(1))).isFalse();
        assertThat(third.contains(sha(1))).isFalse();
        assertThat(first.contains(sha(1))).isTrue();
    }

    @Test
    void manifestDescribesFolder() throws IOException {
        FeatureCache.open(features, KEY, "tiny-clip", SHAPE);

        JsonNode manifest = new ObjectMapper().readTree(features.resolve(KEY.cacheKey()).resolve("manifest.json").toFile());

        assertThat(manifest.get("cache_key").asText()).isEqualTo(KEY.cacheKey());
        assertThat(manifest.get("model").asText()).isEqualTo("tiny-clip");
        assertThat(manifest.get("backbone").asText()).isEqualTo("test-backbone@1");
        assertThat(manifest.at("/preprocessing/mode").asText()).isEqualTo("square");
        assertThat(manifest.at("/preprocessing/size").asInt()).isEqualTo(224);
        assertThat(manifest.at("/preprocessing/mean/0").floatValue()).isEqualTo(0.48145466f);
        assertThat(manifest.get("dtype").asText()).isEqualTo("float16");
        assertThat(manifest.get("dense_shape").toString()).isEqualTo("[3,2,6]");
        assertThat(Instant.parse(manifest.get("created").asText())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void reopenedFolderKeepsManifest() throws IOException {
        FeatureCache first = FeatureCache.open(features, KEY, "tiny", SHAPE);
        first.put(sha(1), random(6, 1), random(36, 2));

        FeatureCache reopened = FeatureCache.open(features, KEY, "renamed", SHAPE);
        FeatureCache existing = FeatureCache.openExisting(features, KEY.cacheKey());

        assertThat(reopened.manifest()).isEqualTo(first.manifest());
        assertThat(existing.manifest().key()).isEqualTo(KEY);
        assertThat(existing.shape()).isEqualTo(SHAPE);
        assertThat(existing.read(sha(1)).dense()).containsExactly(first.read(sha(1)).dense());
    }

    @Test
    void manifestOfOtherShapeIsReported() throws IOException {
        FeatureCache.open(features, KEY, "tiny", SHAPE);

        assertThatThrownBy(() -> FeatureCache.open(features, KEY, "tiny", new FeatureShape(6, 4, 4)))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("describes other features")
                .hasMessageContaining(KEY.cacheKey());
    }

    @Test
    void damagedManifestIsReported() throws IOException {
        FeatureCache.open(features, KEY, "tiny", SHAPE);
        Files.writeString(features.resolve(KEY.cacheKey()).resolve("manifest.json"), "{\"cache_key\": ");

        assertThatThrownBy(() -> FeatureCache.open(features, KEY, "tiny", SHAPE))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("manifest.json is not valid JSON")
                .hasMessageContaining("delete the folder");
        assertThatThrownBy(() -> FeatureCache.openExisting(features, "0123456789abcdef"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("no feature cache folder");
    }

    @Test
    void truncatedEntryIsCorrupt() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);
        cache.put(sha(1), random(6, 1), random(36, 2));
        try (FileChannel channel = FileChannel.open(cache.entryFile(sha(1)), StandardOpenOption.WRITE)) {
            channel.truncate(50);
        }

        assertThat(cache.contains(sha(1))).isFalse();
        assertThatThrownBy(() -> cache.read(sha(1)))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("has 50 bytes, expected 116");
    }

    @Test
    void flippedByteFailsChecksum() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);
        cache.put(sha(1), random(6, 1), random(36, 2));
        byte[] bytes = Files.readAllBytes(cache.entryFile(sha(1)));
        bytes[70] ^= 0x10;
        Files.write(cache.entryFile(sha(1)), bytes);

        assertThat(cache.contains(sha(1))).as("same length").isTrue();
        assertThatThrownBy(() -> cache.read(sha(1)))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("fails its checksum");

        assertThat(cache.remove(sha(1))).isTrue();
        assertThat(cache.contains(sha(1))).isFalse();
    }

    @Test
    void foreignFileIsCorrupt() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);
        Files.createDirectories(cache.entryFile(sha(1)).getParent());
        Files.write(cache.entryFile(sha(1)), new byte[116]);
        FeatureCache otherShape = FeatureCache.open(features, new FeatureKey("x", KEY.preprocessing()), "tiny",
                new FeatureShape(6, 2, 2));
        otherShape.put(sha(2), random(6, 1), random(24, 2));
        Files.createDirectories(cache.entryFile(sha(2)).getParent());
        Files.copy(otherShape.entryFile(sha(2)), cache.entryFile(sha(2)));

        assertThatThrownBy(() -> cache.read(sha(1))).isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("wrong magic number");
        assertThatThrownBy(() -> cache.read(sha(2))).isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("has shape global (6) and dense (2, 2, 6), expected global (6) and dense (3, 2, 6)");
    }

    @Test
    void batchKeepsOrder() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);
        for (int i = 1; i <= 3; i++) {
            cache.put(sha(i), random(6, 10 * i), random(36, 10 * i + 1));
        }

        try (NDManager manager = Djl.newBaseManager(Device.cpu());
                FeatureBatch batch = cache.readBatch(List.of(sha(3), sha(1)), manager)) {
            assertThat(batch.sha256s()).containsExactly(sha(3), sha(1));
            assertThat(batch.globals().getShape()).isEqualTo(new Shape(2, 6));
            assertThat(batch.dense().getShape()).isEqualTo(new Shape(2, 3, 2, 6));
            assertThat(batch.globals().getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(batch.globals().get(0).toFloatArray()).containsExactly(halfRounded(random(6, 30)));
            assertThat(batch.dense().get(1).toFloatArray()).containsExactly(halfRounded(random(36, 11)));
            assertThat(batch.dense().getManager()).isSameAs(manager);
        }
    }

    @Test
    void entryBecomesNdArrays() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);
        cache.put(sha(2), random(6, 3), random(36, 4));
        FeatureEntry entry = cache.read(sha(2));

        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray global = entry.globalArray(manager);
            NDArray dense = entry.denseArray(manager);

            assertThat(global.getShape()).isEqualTo(new Shape(6));
            assertThat(dense.getShape()).isEqualTo(new Shape(3, 2, 6));
            assertThat(dense.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(global.toFloatArray()).containsExactly(entry.global());
            assertThat(dense.toFloatArray()).containsExactly(entry.dense());
        }
    }

    @Test
    void copiesFillBuffers() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);
        cache.put(sha(1), random(6, 1), random(36, 2));
        FeatureEntry entry = cache.read(sha(1));
        FloatBuffer target = FloatBuffer.allocate(6 + 36);

        entry.copyGlobalTo(target);
        entry.copyDenseTo(target);

        assertThat(target.position()).isEqualTo(42);
        assertThat(java.util.Arrays.copyOfRange(target.array(), 6, 42)).containsExactly(entry.dense());
        assertThat(entry.denseHalf().remaining()).isEqualTo(72);
    }

    @Test
    void ndArrayPutMatchesFloatPut() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);
        float[] global = random(6, 5);
        float[] dense = random(36, 6);
        // Values at and between float16 ties check that the engine rounds as Float16 does.
        dense[0] = 1f + 0x1p-11f;
        dense[1] = 1f + 3 * 0x1p-11f;
        dense[2] = 0x1.8p-24f;
        dense[3] = 70000f;
        cache.put(sha(1), global, dense);

        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            cache.put(sha(2), manager.create(global), manager.create(dense, new Shape(3, 2, 6)));
            assertThatThrownBy(() -> cache.put(sha(3), manager.create(global), manager.create(dense, new Shape(2, 3, 6))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("do not fit this cache");
        }

        assertThat(Files.readAllBytes(cache.entryFile(sha(2)))).isEqualTo(Files.readAllBytes(cache.entryFile(sha(1))));
    }

    @Test
    void readersSeeWholeEntriesWhileWriterReplacesThem() throws Exception {
        FeatureShape shape = new FeatureShape(64, 14, 14);
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", shape);
        float[] denseA = random(shape.denseLength(), 1);
        float[] denseB = random(shape.denseLength(), 2);
        float[] globalA = random(64, 3);
        float[] globalB = random(64, 4);
        cache.put(sha(1), globalA, denseA);
        float[] expectedA = halfRounded(denseA);
        float[] expectedB = halfRounded(denseB);

        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        List<Future<Integer>> results = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            results.add(readers.submit(() -> {
                int reads = 0;
                while (writing.get() || reads < 10) {
                    float[] dense = cache.read(sha(1)).dense();
                    assertThat(java.util.Arrays.equals(dense, expectedA) || java.util.Arrays.equals(dense, expectedB))
                            .as("read %d is one whole entry", reads).isTrue();
                    reads++;
                }
                return reads;
            }));
        }
        for (int i = 0; i < 300; i++) {
            cache.put(sha(1), i % 2 == 0 ? globalB : globalA, i % 2 == 0 ? denseB : denseA);
        }
        writing.set(false);
        readers.shutdown();
        assertThat(readers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        for (Future<Integer> result : results) {
            assertThat(result.get()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void pruneDeletesStaleFoldersOnly() throws IOException {
        FeatureCache kept = FeatureCache.open(features, KEY, "kept", SHAPE);
        FeatureCache stale = FeatureCache.open(features, new FeatureKey("old-backbone", KEY.preprocessing()), "old", SHAPE);
        kept.put(sha(1), random(6, 1), random(36, 2));
        stale.put(sha(1), random(6, 1), random(36, 2));
        stale.put(sha(2), random(6, 1), random(36, 2));
        Path notACacheFolder = Files.createDirectories(features.resolve("notes"));
        Path oldTemp = Files.createFile(kept.folder().resolve("." + sha(3) + ".123.tmp"));
        Files.setLastModifiedTime(oldTemp, FileTime.from(Instant.now().minusSeconds(2 * 3600)));
        Path freshTemp = Files.createFile(kept.folder().resolve("." + sha(4) + ".456.tmp"));
        long staleBytes = folderBytes(stale.folder());

        FeatureCache.PruneReport report = FeatureCache.prune(features, Set.of(kept.folder().getFileName().toString()));

        assertThat(stale.folder()).doesNotExist();
        assertThat(kept.folder()).exists();
        assertThat(notACacheFolder).exists();
        assertThat(oldTemp).doesNotExist();
        assertThat(freshTemp).as("may belong to a running writer").exists();
        assertThat(report.removed()).singleElement().satisfies(folder -> {
            assertThat(folder.entries()).isEqualTo(2);
            assertThat(folder.bytes()).isEqualTo(staleBytes);
            assertThat(folder.manifest()).hasValueSatisfying(manifest -> assertThat(manifest.model()).isEqualTo("old"));
        });
        assertThat(report.bytesRemoved()).isEqualTo(staleBytes);
        assertThat(report.kept()).singleElement().satisfies(folder -> assertThat(folder.entries()).isEqualTo(1));
        assertThat(report.bytesKept()).isEqualTo(folderBytes(kept.folder()));
        assertThat(report.tempFilesRemoved()).isEqualTo(1);
    }

    @Test
    void listDescribesFolders() throws IOException {
        FeatureCache cache = FeatureCache.open(features, KEY, "tiny", SHAPE);
        cache.put(sha(1), random(6, 1), random(36, 2));

        List<FeatureCache.CacheFolder> folders = FeatureCache.list(features);

        assertThat(folders).singleElement().satisfies(folder -> {
            assertThat(folder.cacheKey()).isEqualTo(KEY.cacheKey());
            assertThat(folder.entries()).isEqualTo(1);
            assertThat(folder.manifest()).hasValueSatisfying(manifest -> assertThat(manifest.key()).isEqualTo(KEY));
        });
        assertThat(FeatureCache.list(features.resolve("absent"))).isEmpty();
    }

    private static long folderBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                total += Files.size(file);
            }
            return total;
        }
    }

    static String sha(int n) {
        byte[] bytes = new byte[32];
        ByteBuffer.wrap(bytes).putInt(n * 0x01010101);
        bytes[31] = (byte) n;
        return HexFormat.of().formatHex(bytes);
    }

    static float[] random(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static float[] halfRounded(float[] values) {
        float[] rounded = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = Float16.toFloat(Float16.fromFloat(values[i]));
        }
        return rounded;
    }
}
