package org.regiontag.engine.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.job.JobCancelledException;

class HubDownloaderTest {

    static final String REPO = "openai/clip-vit-base-patch16";
    private static final KnownModel MODEL = KnownModels.find("clip-vit-base-patch16").orElseThrow();

    @TempDir
    Path temp;

    private FakeHub hub;
    private Map<String, byte[]> files;
    private Path folder;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        files = checkpointFiles(700_000);
        hub.addRepo(REPO, files, Set.of(ModelFiles.WEIGHTS));
        folder = temp.resolve("models").resolve(MODEL.name());
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void downloadsAndVerifiesEveryFile() throws Exception {
        RecordingListener listener = new RecordingListener();

        DownloadResult result = downloader().download(MODEL, folder, listener, new CancellationToken());

        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertThat(folder.resolve(file.getKey())).hasBinaryContent(file.getValue());
        }
        assertThat(folder.resolve(ModelLocator.PARTS_FOLDER)).doesNotExist();
        assertThat(result.filesDownloaded()).isEqualTo(4);
        assertThat(result.filesPresent()).isZero();
        assertThat(result.bytesDownloaded()).isEqualTo(files.values().stream().mapToLong(b -> b.length).sum());
        assertThat(result.commit()).contains(FakeHub.COMMIT);
        assertThat(listener.finished).containsExactly("config.json", "preprocessor_config.json", "tokenizer.json",
                "model.safetensors");
        assertThat(listener.lastDone.get(ModelFiles.WEIGHTS)).isEqualTo(700_000L);
    }

    @Test
    void largeFileComesFromRedirect() throws Exception {
        downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken());

        assertThat(hub.requests("hub")).extracting(FakeHub.Request::path).containsExactly(
                "/api/models/" + REPO + "/tree/main",
                "/" + REPO + "/resolve/main/config.json",
                "/" + REPO + "/resolve/main/preprocessor_config.json",
                "/" + REPO + "/resolve/main/tokenizer.json",
                "/" + REPO + "/resolve/main/model.safetensors");
        assertThat(hub.requests("cdn")).extracting(FakeHub.Request::path)
                .containsExactly("/blobs/" + REPO + "/model.safetensors");
    }

    @Test
    void recordNamesSourceAndDigests() throws Exception {
        downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken());

        JsonNode record = new ObjectMapper().readTree(folder.resolve(HubDownloader.RECORD_FILE).toFile());

        assertThat(record.get("repo").asText()).isEqualTo(REPO);
        assertThat(record.get("revision").asText()).isEqualTo("main");
        assertThat(record.get("commit").asText()).isEqualTo(FakeHub.COMMIT);
        assertThat(record.at("/files/3/path").asText()).isEqualTo(ModelFiles.WEIGHTS);
        assertThat(record.at("/files/3/sha256").asText()).isEqualTo(FakeHub.sha256(files.get(ModelFiles.WEIGHTS)));
        assertThat(record.at("/files/0/git_oid").asText()).isEqualTo(FakeHub.gitOid(files.get(ModelFiles.CONFIG)));
    }

    @Test
    void droppedConnectionResumesWithRange() throws Exception {
        hub.drops.set(1);
        RecordingListener listener = new RecordingListener();

        DownloadResult result = downloader().download(MODEL, folder, listener, new CancellationToken());

        assertThat(folder.resolve(ModelFiles.WEIGHTS)).hasBinaryContent(files.get(ModelFiles.WEIGHTS));
        List<FakeHub.Request> cdn = hub.requests("cdn");
        assertThat(cdn).hasSize(2);
        assertThat(cdn.get(0).range()).isNull();
        assertThat(cdn.get(1).range()).isEqualTo("bytes=" + hub.dropAfterBytes + "-");
        assertThat(listener.retries).singleElement().asString().contains("connection lost after 100000 of 700000 bytes");
        assertThat(result.bytesDownloaded()).isEqualTo(files.values().stream().mapToLong(b -> b.length).sum());
    }

    @Test
    void partFromEarlierRunIsContinued() throws Exception {
        byte[] weights = files.get(ModelFiles.WEIGHTS);
        Path part = folder.resolve(ModelLocator.PARTS_FOLDER).resolve(FakeHub.sha256(weights) + ".part");
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(weights, 300_000));
        RecordingListener listener = new RecordingListener();

        DownloadResult result = downloader().download(MODEL, folder, listener, new CancellationToken());

        assertThat(folder.resolve(ModelFiles.WEIGHTS)).hasBinaryContent(weights);
        assertThat(hub.requests("cdn")).singleElement().extracting(FakeHub.Request::range).isEqualTo("bytes=300000-");
        assertThat(listener.resumedFrom.get(ModelFiles.WEIGHTS)).isEqualTo(300_000L);
        long smallFiles = result.bytesDownloaded() - 400_000;
        assertThat(smallFiles).isEqualTo(files.values().stream().mapToLong(b -> b.length).sum() - 700_000);
    }

    @Test
    void serverIgnoringRangeRestartsCleanly() throws Exception {
        byte[] weights = files.get(ModelFiles.WEIGHTS);
        Path part = folder.resolve(ModelLocator.PARTS_FOLDER).resolve(FakeHub.sha256(weights) + ".part");
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(weights, 300_000));
        hub.ignoreRange = true;
        RecordingListener listener = new RecordingListener();

        downloader().download(MODEL, folder, listener, new CancellationToken());

        assertThat(folder.resolve(ModelFiles.WEIGHTS)).hasBinaryContent(weights);
        assertThat(listener.restarted).containsExactly(ModelFiles.WEIGHTS);
    }

    @Test
    void wrongDigestDeletesFile() throws Exception {
        byte[] damaged = files.get(ModelFiles.WEIGHTS).clone();
        damaged[12_345] ^= 1;
        hub.servedInstead.put(REPO + "/" + ModelFiles.WEIGHTS, damaged);

        assertThatThrownBy(() -> downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken()))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("model.safetensors from " + REPO + " does not match the digest the hub publishes")
                .hasMessageContaining("expected " + FakeHub.sha256(files.get(ModelFiles.WEIGHTS)))
                .hasMessageContaining("run the command again");
        assertThat(folder.resolve(ModelFiles.WEIGHTS)).doesNotExist();
        try (var parts = Files.list(folder.resolve(ModelLocator.PARTS_FOLDER))) {
            assertThat(parts.filter(file -> file.toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void smallFileIsVerifiedByGitBlobId() throws Exception {
        byte[] damaged = files.get(ModelFiles.CONFIG).clone();
        damaged[damaged.length / 2] ^= 1;
        hub.servedInstead.put(REPO + "/" + ModelFiles.CONFIG, damaged);

        assertThatThrownBy(() -> downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken()))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("config.json")
                .hasMessageContaining("git blob id");
        assertThat(folder.resolve(ModelFiles.CONFIG)).doesNotExist();
    }

    @Test
    void linkedEtagMustMatchFileList() {
        hub.linkedEtagOverride = "ab".repeat(32);

        assertThatThrownBy(() -> downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken()))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("two digests for model.safetensors")
                .hasMessageContaining("ab".repeat(32));
    }

    @Test
    void installedFilesAreVerifiedNotFetched() throws Exception {
        downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken());
        int requestsBefore = hub.requests().size();

        DownloadResult again = downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken());

        assertThat(again.filesPresent()).isEqualTo(4);
        assertThat(again.filesDownloaded()).isZero();
        assertThat(hub.requests().subList(requestsBefore, hub.requests().size())).extracting(FakeHub.Request::path)
                .containsExactly("/api/models/" + REPO + "/tree/main");
    }

    @Test
    void changedInstalledFileIsFetchedAgain() throws Exception {
        downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken());
        byte[] tampered = files.get(ModelFiles.TOKENIZER).clone();
        tampered[0] = 'x';
        Files.write(folder.resolve(ModelFiles.TOKENIZER), tampered);

        DownloadResult again = downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken());

        assertThat(again.filesDownloaded()).isEqualTo(1);
        assertThat(folder.resolve(ModelFiles.TOKENIZER)).hasBinaryContent(files.get(ModelFiles.TOKENIZER));
    }

    @Test
    void unknownRepositoryIsReported() {
        KnownModel missing = new KnownModel("nope", "openai/no-such-model", "main", MODEL.files(), "");

        assertThatThrownBy(() -> downloader().download(missing, folder, DownloadListener.NONE, new CancellationToken()))
                .isInstanceOf(DownloadException.class)
                .hasMessage("repository openai/no-such-model was not found at " + hub.endpoint()
                        + " (HTTP 404); check the name and the endpoint (HF_ENDPOINT or --endpoint)");
    }

    @Test
    void fileMissingFromRepositoryIsReported() {
        files.remove(ModelFiles.TOKENIZER);
        hub.addRepo(REPO, files, Set.of(ModelFiles.WEIGHTS));

        assertThatThrownBy(() -> downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken()))
                .isInstanceOf(DownloadException.class)
                .hasMessageStartingWith("tokenizer.json is not in " + REPO + " at revision main");
        assertThat(hub.requests()).extracting(FakeHub.Request::path).noneMatch(path -> path.contains("/resolve/"));
    }

    @Test
    void gatedRepositoryNeedsToken() {
        hub.gatedTokens.put(REPO, "hf_secret");

        assertThatThrownBy(() -> downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken()))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("HTTP 401 (Access to model " + REPO + " is restricted.)")
                .hasMessageContaining("set HF_TOKEN");
        assertThatThrownBy(() -> downloader("hf_wrong").download(MODEL, folder, DownloadListener.NONE,
                new CancellationToken()))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("accept its conditions at " + hub.endpoint() + "/" + REPO);
    }

    @Test
    void tokenGoesToHubOnly() throws Exception {
        hub.gatedTokens.put(REPO, "hf_secret");

        downloader("hf_secret").download(MODEL, folder, DownloadListener.NONE, new CancellationToken());

        assertThat(folder.resolve(ModelFiles.WEIGHTS)).hasBinaryContent(files.get(ModelFiles.WEIGHTS));
        assertThat(hub.requests("hub")).allSatisfy(request ->
                assertThat(request.authorization()).isEqualTo("Bearer hf_secret"));
        assertThat(hub.requests("cdn")).allSatisfy(request -> assertThat(request.authorization()).isNull());
    }

    @Test
    void unavailableServerIsRetried() throws Exception {
        hub.unavailable.set(2);
        RecordingListener listener = new RecordingListener();

        downloader().download(MODEL, folder, listener, new CancellationToken());

        assertThat(folder.resolve(ModelFiles.CONFIG)).hasBinaryContent(files.get(ModelFiles.CONFIG));
        assertThat(listener.retries).hasSize(2).allSatisfy(reason -> assertThat(reason).contains("HTTP 503"));
    }

    @Test
    void stalledTransferTimesOut() {
        // The first response stalls after 100,000 bytes, the resumed one before sending anything.
        hub.stallPoints.addAll(List.of(100_000, 0, 0));
        HubSettings impatient = settings(null).withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300), 2,
                Duration.ZERO);

        long start = System.nanoTime();
        assertThatThrownBy(() -> new HubDownloader(impatient).download(MODEL, folder, DownloadListener.NONE,
                new CancellationToken()))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("downloading model.safetensors failed 2 times in a row")
                .hasMessageContaining("no data for 0.3 s after 100000 of 700000 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(folder.resolve(ModelLocator.PARTS_FOLDER).resolve(FakeHub.sha256(files.get(ModelFiles.WEIGHTS))
                + ".part")).as("kept for a resume").hasSize(100_000);
    }

    @Test
    void missingSpaceFailsBeforeDownloading() {
        hub.listedSizes.put(REPO + "/" + ModelFiles.WEIGHTS, 1L << 60);

        assertThatThrownBy(() -> downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken()))
                .isInstanceOf(DownloadException.class)
                .hasMessageStartingWith("not enough disk space in " + folder)
                .hasMessageContaining("REGIONTAG_MODEL_CACHE");
        assertThat(hub.requests()).extracting(FakeHub.Request::path).noneMatch(path -> path.contains("/resolve/"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void fullDiskIsRecognised() throws IOException {
        // Writing to /dev/full fails as a full disk does, with the operating system's own message.
        IOException error = null;
        try (FileChannel full = FileChannel.open(Path.of("/dev/full"), StandardOpenOption.WRITE)) {
            full.write(ByteBuffer.wrap(new byte[4096]));
        } catch (IOException e) {
            error = e;
        }

        assertThat(error).isNotNull();
        assertThat(HubDownloader.isDiskFull(error, temp.resolve("x.part"))).isTrue();
        assertThat(HubDownloader.isDiskFull(new IOException("Connection reset"), temp.resolve("x.part"))).isFalse();
    }

    @Test
    void cancelledDownloadResumesLater() throws Exception {
        CancellationToken token = new CancellationToken();
        DownloadListener cancelMidway = new DownloadListener() {
            @Override
            public void progressed(String file, long done, long size) {
                if (file.equals(ModelFiles.WEIGHTS) && done >= 200_000) {
                    token.cancel();
                }
            }
        };

        assertThatThrownBy(() -> downloader().download(MODEL, folder, cancelMidway, token))
                .isInstanceOf(JobCancelledException.class);
        assertThat(folder.resolve(ModelFiles.WEIGHTS)).doesNotExist();

        DownloadResult resumed = downloader().download(MODEL, folder, DownloadListener.NONE, new CancellationToken());

        assertThat(folder.resolve(ModelFiles.WEIGHTS)).hasBinaryContent(files.get(ModelFiles.WEIGHTS));
        assertThat(resumed.filesPresent()).isEqualTo(3);
        assertThat(hub.requests("cdn").get(1).range()).startsWith("bytes=");
    }

    @Test
    void etagIsNormalised() {
        assertThat(HubDownloader.normalizeEtag("\"ABCD\"")).isEqualTo("abcd");
        assertThat(HubDownloader.normalizeEtag("W/\"abcd\"")).isEqualTo("abcd");
        assertThat(HubDownloader.encodeSegment("refs/pr/1")).isEqualTo("refs%2Fpr%2F1");
    }

    private HubDownloader downloader() {
        return new HubDownloader(settings(null));
    }

    private HubDownloader downloader(String token) {
        return new HubDownloader(settings(token));
    }

    private HubSettings settings(String token) {
        return new HubSettings(hub.endpoint(), Optional.ofNullable(token), Duration.ofSeconds(5), Duration.ofSeconds(10),
                3, Duration.ofMillis(10));
    }

    /** Returns a checkpoint-shaped set of files whose weights are random bytes behind a safetensors header. */
    static Map<String, byte[]> checkpointFiles(int weightBytes) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ModelFiles.CONFIG, ("{\"model_type\": \"clip\", \"projection_dim\": 512, \"text_config\": {},"
                + " \"vision_config\": {}}").getBytes(StandardCharsets.UTF_8));
        files.put(ModelFiles.PREPROCESSOR, "{\"crop_size\": 224}".getBytes(StandardCharsets.UTF_8));
        files.put(ModelFiles.TOKENIZER, "{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\"}}"
                .getBytes(StandardCharsets.UTF_8));
        byte[] weights = new byte[weightBytes];
        new Random(7).nextBytes(weights);
        byte[] header = "{\"__metadata__\":{}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer.wrap(weights).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header.length).put(header);
        files.put(ModelFiles.WEIGHTS, weights);
        return files;
    }

    /** Records listener calls. */
    static final class RecordingListener implements DownloadListener {
        final List<String> finished = new ArrayList<>();
        final List<String> retries = new ArrayList<>();
        final List<String> restarted = new ArrayList<>();
        final Map<String, Long> resumedFrom = new LinkedHashMap<>();
        final Map<String, Long> lastDone = new LinkedHashMap<>();

        @Override
        public void fileStarted(String file, long size, long resumed) {
            resumedFrom.put(file, resumed);
        }

        @Override
        public void progressed(String file, long done, long size) {
            lastDone.put(file, done);
        }

        @Override
        public void restarted(String file) {
            restarted.add(file);
        }

        @Override
        public void retrying(String file, int attempt, int maxAttempts, String reason) {
            retries.add(reason);
        }

        @Override
        public void fileFinished(String file, long size, boolean alreadyPresent) {
            finished.add(file);
        }
    }
}
