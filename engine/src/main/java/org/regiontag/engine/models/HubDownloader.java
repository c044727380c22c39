package org.regiontag.engine.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.regiontag.engine.io.AtomicFiles;
import org.regiontag.engine.job.CancellationToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a known checkpoint from a Hugging Face hub, file by file, into a model folder.
 *
 * <p>Protocol, as the hub and {@code huggingface_hub} use it:
 * <ol>
 * <li>{@code GET {endpoint}/api/models/{repo}/tree/{revision}} lists the files with their sizes,
 *     their git blob ids and, for files stored with Git LFS, {@code lfs.oid}, the SHA-256 of the
 *     content. This list is the source of the expected digests: it covers every file, small ones
 *     included, before any byte is fetched.
 * <li>{@code GET {endpoint}/{repo}/resolve/{revision}/{file}} serves each file; for LFS files it
 *     redirects to a CDN and carries the SHA-256 again in {@code X-Linked-Etag}. When that header
 *     is present it must agree with the tree (else the revision moved between the two requests).
 * </ol>
 *
 * <p>Each file is written to {@code .download/<digest>.part} inside the model folder. An
 * interrupted transfer (a dropped connection in this call, or a killed process before it) is
 * continued with an HTTP {@code Range} request; a server that ignores the range sends the whole
 * file, which then replaces the part. A finished part is verified (SHA-256 for LFS files, the git
 * blob id for small ones) and only then renamed into place. A part that fails verification is
 * deleted. The part is named after its expected digest, so a part of another version of the file
 * is never continued.
 *
 * <p>The token is sent to the endpoint's own host only, never to the CDN a redirect leads to.
 */
public final class HubDownloader {

    /** File in the model folder that records where the files came from. */
    public static final String RECORD_FILE = "regiontag-download.json";

    private static final Logger LOG = LoggerFactory.getLogger(HubDownloader.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Free space below which a failed write is taken for a full disk. */
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int MAX_REDIRECTS = 10;
    private static final String USER_AGENT = "regiontag";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final HubSettings settings;
    private final HttpClient client;

    public HubDownloader(HubSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Downloads every file of {@code model} that {@code folder} lacks, verifies each and records
     * the source in {@value #RECORD_FILE}. Files already in place are verified again, not
     * downloaded.
     *
     * @throws DownloadException for HTTP errors, timeouts after the retries, a digest mismatch
     *     or a full disk, with what to do
     * @throws org.regiontag.engine.job.JobCancelledException when cancelled; the parts stay for a later resume
     */
    // The file lock is held for the scope of its try block, without being referenced in it.
    @SuppressWarnings("try")
    public DownloadResult download(KnownModel model, Path folder, DownloadListener listener,
            CancellationToken cancellation) throws IOException, InterruptedException {
        Path parts = folder.resolve(ModelLocator.PARTS_FOLDER);
        Files.createDirectories(parts);
        Transfer transfer = new Transfer(model, folder, parts, listener, cancellation);
        try (FileChannel lockChannel = FileChannel.open(parts.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = tryLock(lockChannel, model, folder)) {
            LOG.info("downloading {} from {} ({}@{}) into {}", model.name(), settings.endpoint(), model.repo(),
                    model.revision(), folder);
            List<RemoteFile> files = requestedFiles(model, listFiles(model));
            checkFreeSpace(folder, parts, files);

            for (RemoteFile file : files) {
                transfer.fetch(file);
            }
            writeRecord(model, folder, files, transfer.commit);
        }
        // The lock file is closed by now, so the folder can be deleted on every platform.
        deleteTree(parts);
        LOG.info("downloaded {}: {} files fetched ({} bytes), {} already present", model.name(),
                transfer.filesDownloaded, transfer.bytesDownloaded, transfer.filesPresent);
        return new DownloadResult(folder, Optional.ofNullable(transfer.commit), transfer.filesDownloaded,
                transfer.filesPresent, transfer.bytesDownloaded);
    }

    private static FileLock tryLock(FileChannel channel, KnownModel model, Path folder) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new DownloadException(ModelMessages.format("download.locked", model.name(), folder));
        }
        return lock;
    }

    /** Lists the repository's top-level files at the model's revision through the tree API. */
    List<RemoteFile> listFiles(KnownModel model) throws IOException, InterruptedException {
        URI uri = URI.create(settings.endpoint() + "/api/models/" + model.repo() + "/tree/"
                + encodeSegment(model.revision()));
        String fileList = ModelMessages.format("download.fileList");
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = send(uri, 0, new HashMap<>());
                try (TimedBody body = TimedBody.of(response.body())) {
                    if (response.statusCode() != 200) {
                        throw httpFailure(response, model, fileList);
                    }
                    return parseTree(body.readAll(settings.readTimeout()), uri);
                } catch (TimedBody.StalledException e) {
                    throw new RetryableException(ModelMessages.format("download.timeout", uri.getHost(),
                            settings.readTimeout().toMillis() / 1000.0), e);
                } catch (IOException e) {
                    throw new RetryableException(ModelMessages.format("download.requestFailed", uri.getHost(),
                            describe(e)), e);
                }
            } catch (RetryableException e) {
                if (attempt >= settings.maxAttempts()) {
                    throw new DownloadException(ModelMessages.format("download.gaveUp", fileList, attempt, e.getMessage()), e);
                }
                LOG.info("listing {} failed (attempt {} of {}): {}", model.repo(), attempt, settings.maxAttempts(),
                        e.getMessage());
                Thread.sleep(settings.retryDelay().multipliedBy(attempt).toMillis());
            }
        }
    }

    private static List<RemoteFile> parseTree(byte[] body, URI uri) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new DownloadException(ModelMessages.format("download.treeInvalid", uri, e.getMessage()), e);
        }
        if (root == null || !root.isArray()) {
            throw new DownloadException(ModelMessages.format("download.treeInvalid", uri, "not a JSON array"));
        }
        List<RemoteFile> files = new ArrayList<>();
        for (JsonNode entry : root) {
            if (!"file".equals(entry.path("type").asText())) {
                continue;
            }
            JsonNode lfs = entry.path("lfs");
            Optional<String> sha256 = lfs.isObject() ? Optional.of(lfs.path("oid").asText().toLowerCase(Locale.ROOT))
                    : Optional.empty();
            if (sha256.isPresent() && !SHA256_HEX.matcher(sha256.get()).matches()) {
                throw new DownloadException(ModelMessages.format("download.treeInvalid", uri,
                        "lfs.oid of " + entry.path("path").asText() + " is not a SHA-256"));
            }
            files.add(new RemoteFile(entry.path("path").asText(), entry.path("size").asLong(-1), sha256,
                    entry.path("oid").asText()));
        }
        return files;
    }

    private static List<RemoteFile> requestedFiles(KnownModel model, List<RemoteFile> listed) {
        List<RemoteFile> files = new ArrayList<>();
        for (String name : model.files()) {
            RemoteFile file = listed.stream().filter(candidate -> candidate.path().equals(name)).findFirst()
                    .orElseThrow(() -> new DownloadException(ModelMessages.format("download.fileNotInRepo", name,
                            model.repo(), model.revision())));
            if (file.size() < 0 || file.gitOid().isEmpty()) {
                throw new DownloadException(ModelMessages.format("download.treeInvalid", model.repo(),
                        "no size or oid for " + name));
            }
            files.add(file);
        }
        return files;
    }

    private static void checkFreeSpace(Path folder, Path parts, List<RemoteFile> files) throws IOException {
        long needed = 0;
        for (RemoteFile file : files) {
            if (Files.isRegularFile(folder.resolve(file.path())) && Files.size(folder.resolve(file.path())) == file.size()) {
                continue;
            }
            Path part = parts.resolve(file.contentId() + ".part");
            long have = Files.isRegularFile(part) ? Math.min(Files.size(part), file.size()) : 0;
            needed += file.size() - have;
        }
        long available = Files.getFileStore(parts).getUsableSpace();
        if (needed > available) {
            throw new DownloadException(ModelMessages.format("download.noSpace", folder, needed, available));
        }
    }

    /** One model's download: the per-file loop with resume, retries and verification. */
    private final class Transfer {
        private final KnownModel model;
        private final Path folder;
        private final Path parts;
        private final DownloadListener listener;
        private final CancellationToken cancellation;
        String commit;
        int filesDownloaded;
        int filesPresent;
        long bytesDownloaded;

        Transfer(KnownModel model, Path folder, Path parts, DownloadListener listener, CancellationToken cancellation) {
            this.model = model;
            this.folder = folder;
            this.parts = parts;
            this.listener = listener;
            this.cancellation = cancellation;
        }

        void fetch(RemoteFile file) throws IOException, InterruptedException {
            Path target = folder.resolve(file.path());
            if (Files.isRegularFile(target) && Files.size(target) == file.size()) {
                listener.verifying(file.path());
                if (verify(target, file).isEmpty()) {
                    filesPresent++;
                    listener.fileFinished(file.path(), file.size(), true);
                    return;
                }
                LOG.info("{} differs from {}@{}; downloading it again", target, model.repo(), model.revision());
            }

            Path part = parts.resolve(file.contentId() + ".part");
            long resumedFrom = Files.isRegularFile(part) ? Files.size(part) : 0;
            if (resumedFrom > file.size()) {
                Files.delete(part);
                resumedFrom = 0;
            }
            listener.fileStarted(file.path(), file.size(), resumedFrom);
            receive(file, part);

            listener.verifying(file.path());
            Optional<String> mismatch = verify(part, file);
            if (mismatch.isPresent()) {
                Files.deleteIfExists(part);
                throw new DownloadException(ModelMessages.format("download.digestMismatch", file.path(), model.repo(),
                        mismatch.get()));
            }
            AtomicFiles.moveIntoPlace(part, target);
            filesDownloaded++;
            listener.fileFinished(file.path(), file.size(), false);
            LOG.info("{} verified and saved to {}", file.path(), target);
        }

        /**
         * Fills the part file. A failure is retried until maxAttempts failures in a row have not
         * brought the part beyond the furthest byte reached before, so a server that keeps
         * sending the same short prefix cannot loop forever.
         */
        private void receive(RemoteFile file, Path part) throws IOException, InterruptedException {
            int failures = 0;
            long furthest = Files.isRegularFile(part) ? Files.size(part) : 0;
            while (true) {
                cancellation.throwIfCancelled();
                long before = Files.isRegularFile(part) ? Files.size(part) : 0;
                if (before == file.size() && file.size() > 0) {
                    return;
                }
                try {
                    transferOnce(file, part, before);
                    return;
                } catch (RetryableException e) {
                    long after = Files.isRegularFile(part) ? Files.size(part) : 0;
                    if (after > furthest) {
                        furthest = after;
                        failures = 1;
                    } else {
                        failures++;
                    }
                    if (failures >= settings.maxAttempts()) {
                        throw new DownloadException(ModelMessages.format("download.gaveUp", file.path(), failures,
                                e.getMessage()), e);
                    }
                    LOG.info("{}: {} (attempt {} of {}); retrying from byte {}", file.path(), e.getMessage(), failures,
                            settings.maxAttempts(), after);
                    listener.retrying(file.path(), failures, settings.maxAttempts(), e.getMessage());
                    Thread.sleep(settings.retryDelay().multipliedBy(failures).toMillis());
                }
            }
        }

        private void transferOnce(RemoteFile file, Path part, long offset)
                throws IOException, InterruptedException, RetryableException {
            URI uri = URI.create(settings.endpoint() + "/" + model.repo() + "/resolve/" + encodeSegment(model.revision())
                    + "/" + encodePath(file.path()));
            Map<String, String> hubHeaders = new HashMap<>();
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = send(uri, offset, hubHeaders);
            try (TimedBody body = TimedBody.of(response.body())) {
                checkLinkedDigest(file, hubHeaders);
                if (hubHeaders.containsKey("x-repo-commit")) {
                    commit = hubHeaders.get("x-repo-commit");
                }
                int status = response.statusCode();
                long start = offset;
                if (status == 416 && offset > 0) {
                    Files.deleteIfExists(part);
                    throw new RetryableException(ModelMessages.format("download.rangeRejected", offset));
                } else if (status == 200 && offset > 0) {
                    LOG.info("{}: the server ignored the range request; downloading the whole file again", file.path());
                    listener.restarted(file.path());
                    start = 0;
                } else if (status == 206) {
                    long served = contentRangeStart(response.headers());
                    if (served != offset) {
                        Files.deleteIfExists(part);
                        throw new RetryableException(ModelMessages.format("download.rangeWrong", served, offset));
                    }
                } else if (status != 200) {
                    throw httpFailure(response, model, file.path());
                }
                copyBody(file, body, part, start);
            }
        }

        private void copyBody(RemoteFile file, TimedBody body, Path part, long start)
                throws IOException, InterruptedException, RetryableException {
            long done = start;
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.truncate(start);
                channel.position(start);
                listener.progressed(file.path(), done, file.size());
                while (true) {
                    List<ByteBuffer> chunk;
                    try {
                        chunk = body.next(settings.readTimeout());
                    } catch (TimedBody.StalledException e) {
                        throw new RetryableException(ModelMessages.format("download.stalled",
                                settings.readTimeout().toMillis() / 1000.0, done, file.size()), e);
                    } catch (IOException e) {
                        throw new RetryableException(ModelMessages.format("download.connectionLost", done, file.size(),
                                describe(e)), e);
                    }
                    if (chunk == null) {
                        break;
                    }
                    for (ByteBuffer buffer : chunk) {
                        int n = buffer.remaining();
                        if (done + n > file.size()) {
                            Files.deleteIfExists(part);
                            throw new DownloadException(ModelMessages.format("download.tooLong", file.path(), file.size()));
                        }
                        write(channel, buffer, part);
                        done += n;
                        bytesDownloaded += n;
                    }
                    listener.progressed(file.path(), done, file.size());
                    cancellation.throwIfCancelled();
                }
                if (done < file.size()) {
                    throw new RetryableException(ModelMessages.format("download.connectionLost", done, file.size(),
                            "end of stream"));
                }
            }
        }

        private void write(FileChannel channel, ByteBuffer data, Path part) throws IOException {
            try {
                while (data.hasRemaining()) {
                    channel.write(data);
                }
            } catch (IOException e) {
                if (isDiskFull(e, part)) {
                    throw new DownloadException(ModelMessages.format("download.diskFull", part.getParent().getParent()), e);
                }
                throw e;
            }
        }

        /** Checks the hub's {@code X-Linked-Etag} (and size) against the tree listing. */
        private void checkLinkedDigest(RemoteFile file, Map<String, String> hubHeaders) {
            String linked = hubHeaders.get("x-linked-etag");
            if (linked != null && file.sha256().isPresent()) {
                String digest = normalizeEtag(linked);
                if (SHA256_HEX.matcher(digest).matches() && !digest.equals(file.sha256().get())) {
                    throw new DownloadException(ModelMessages.format("download.digestsDisagree", file.path(),
                            model.repo(), file.sha256().get(), digest, model.revision()));
                }
            }
            String linkedSize = hubHeaders.get("x-linked-size");
            if (linkedSize != null && file.sha256().isPresent() && !linkedSize.strip().equals(Long.toString(file.size()))) {
                throw new DownloadException(ModelMessages.format("download.sizesDisagree", file.path(), model.repo(),
                        file.size(), linkedSize.strip(), model.revision()));
            }
        }
    }

    /** Returns an empty result when the file matches the published digest, else the mismatch in words. */
    private static Optional<String> verify(Path file, RemoteFile remote) throws IOException {
        if (remote.sha256().isPresent()) {
            String actual = Digests.sha256(file);
            return actual.equals(remote.sha256().get()) ? Optional.empty()
                    : Optional.of("SHA-256 " + actual + ", expected " + remote.sha256().get());
        }
        String actual = Digests.gitBlobSha1(file);
        return actual.equals(remote.gitOid()) ? Optional.empty()
                : Optional.of("git blob id " + actual + ", expected " + remote.gitOid());
    }

    /**
     * Sends a GET, following redirects by hand so that the token never leaves the endpoint's host
     * and the first response's hub headers ({@code X-Linked-Etag}, {@code X-Repo-Commit}) are kept.
     */
    private HttpResponse<Flow.Publisher<List<ByteBuffer>>> send(URI uri, long offset, Map<String, String> hubHeaders)
            throws IOException, InterruptedException, RetryableException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current)
                    .timeout(settings.readTimeout())
                    .header("User-Agent", USER_AGENT)
                    .GET();
            if (offset > 0) {
                request.header("Range", "bytes=" + offset + "-");
            }
            if (settings.token().isPresent() && sameOrigin(current, settings.endpoint())) {
                request.header("Authorization", "Bearer " + settings.token().get());
            }

            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofPublisher());
            } catch (HttpTimeoutException e) {
                throw new RetryableException(ModelMessages.format("download.timeout", current.getHost(),
                        settings.readTimeout().toMillis() / 1000.0), e);
            } catch (IOException e) {
                throw new RetryableException(ModelMessages.format("download.requestFailed", current.getHost(),
                        describe(e)), e);
            }
            if (hop == 0) {
                for (String name : List.of("x-linked-etag", "x-linked-size", "x-repo-commit")) {
                    response.headers().firstValue(name).ifPresent(value -> hubHeaders.put(name, value));
                }
            }
            int status = response.statusCode();
            if (status == 429 || status >= 500) {
                discard(response);
                throw new RetryableException(ModelMessages.format("download.serverBusy", status, current.getHost()));
            }
            if (status / 100 != 3 || status == 304) {
                return response;
            }
            discard(response);
            Optional<String> location = response.headers().firstValue("location");
            if (location.isEmpty()) {
                throw new DownloadException(ModelMessages.format("download.redirectWithoutLocation", status, current));
            }
            current = current.resolve(location.get());
        }
        throw new DownloadException(ModelMessages.format("download.tooManyRedirects", uri, MAX_REDIRECTS));
    }

    private static void discard(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
        TimedBody.of(response.body()).close();
    }

    private static String describe(IOException error) {
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    private DownloadException httpFailure(HttpResponse<?> response, KnownModel model, String resource) {
        int status = response.statusCode();
        HttpHeaders headers = response.headers();
        String code = headers.firstValue("x-error-code").orElse("");
        String detail = headers.firstValue("x-error-message").map(message -> " (" + oneLine(message) + ")").orElse("");
        String page = settings.endpoint() + "/" + model.repo();
        switch (status) {
            case 401:
                return new DownloadException(ModelMessages.format("hub.unauthorized", model.repo(), resource, detail,
                        settings.token().isPresent() ? 1 : 0));
            case 403:
                return new DownloadException(ModelMessages.format("hub.forbidden", model.repo(), resource, detail, page));
            case 404:
                if (code.equals("RepoNotFound")) {
                    return new DownloadException(ModelMessages.format("hub.repoNotFound", model.repo(),
                            settings.endpoint()));
                }
                if (code.equals("RevisionNotFound")) {
                    return new DownloadException(ModelMessages.format("hub.revisionNotFound", model.revision(),
                            model.repo()));
                }
                return new DownloadException(ModelMessages.format("hub.notFound", resource, model.repo(), model.revision(),
                        response.uri()));
            default:
                return new DownloadException(ModelMessages.format("hub.httpError", status, resource, model.repo(), detail,
                        response.uri()));
        }
    }

    private void writeRecord(KnownModel model, Path folder, List<RemoteFile> files, String commit) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", model.name());
        root.put("endpoint", settings.endpoint().toString());
        root.put("repo", model.repo());
        root.put("revision", model.revision());
        if (commit != null) {
            root.put("commit", commit);
        }
        root.put("completed", Instant.now().toString());
        ArrayNode list = root.putArray("files");
        for (RemoteFile file : files) {
            ObjectNode entry = list.addObject().put("path", file.path()).put("size", file.size());
            file.sha256().ifPresentOrElse(sha -> entry.put("sha256", sha), () -> entry.put("git_oid", file.gitOid()));
        }
        AtomicFiles.write(folder.resolve(RECORD_FILE), JSON.writeValueAsBytes(root));
    }

    private static long contentRangeStart(HttpHeaders headers) throws RetryableException {
        String value = headers.firstValue("content-range").orElse("");
        Matcher matcher = CONTENT_RANGE.matcher(value.strip());
        if (!matcher.matches()) {
            throw new RetryableException("invalid Content-Range '" + value + "' in a 206 response");
        }
        return Long.parseLong(matcher.group(1));
    }

    static boolean isDiskFull(IOException error, Path file) {
        String message = String.valueOf(error.getMessage());
        if (message.contains("No space left on device") || message.contains("not enough space on the disk")) {
            return true;
        }
        try {
            return Files.getFileStore(file.getParent()).getUsableSpace() < BUFFER_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    static String normalizeEtag(String etag) {
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.toLowerCase(Locale.ROOT);
    }

    static boolean sameOrigin(URI first, URI second) {
        return first.getScheme().equalsIgnoreCase(second.getScheme())
                && first.getHost().equalsIgnoreCase(second.getHost())
                && port(first) == port(second);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Percent-encodes one path segment (RFC 3986 unreserved characters stay). */
    static String encodeSegment(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    private static String encodePath(String path) {
        return String.join("/", Stream.of(path.split("/")).map(HubDownloader::encodeSegment).toList());
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }

    /** A failure worth another attempt: a lost connection, a timeout, an overloaded server. */
    static final class RetryableException extends Exception {
        private static final long serialVersionUID = 1L;

        RetryableException(String message) {
            super(message);
        }

        RetryableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
