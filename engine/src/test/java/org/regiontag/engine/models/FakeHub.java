package org.regiontag.engine.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Hugging Face hub imitation on 127.0.0.1 for download tests: the tree API, {@code resolve}
 * with a redirect to a second server (another origin, like the hub's CDN) for LFS files, Range
 * requests, the digest headers, and switches for the failures a real network produces.
 */
final class FakeHub implements AutoCloseable {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** One HTTP request as a server received it. */
    record Request(String server, String path, String range, String authorization) {
    }

    private final HttpServer hub;
    private final HttpServer cdn;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Map<String, byte[]>> repos = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> lfsFiles = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    /** Files served with other bytes than the tree's digest describes, by "repo/file". */
    final Map<String, byte[]> servedInstead = new ConcurrentHashMap<>();
    /** Sizes the tree reports instead of the real ones, by "repo/file". */
    final Map<String, Long> listedSizes = new ConcurrentHashMap<>();
    /** Repositories that need {@code Authorization: Bearer <token>}, with that token. */
    final Map<String, String> gatedTokens = new ConcurrentHashMap<>();
    /** The next this-many content responses longer than {@link #dropAfterBytes} close the connection there. */
    final AtomicInteger drops = new AtomicInteger();
    volatile int dropAfterBytes = 100_000;
    /** Byte counts after which the next responses for LFS files stop sending and hang, one per response. */
    final java.util.Queue<Integer> stallPoints = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The next this-many content responses are HTTP 503. */
    final AtomicInteger unavailable = new AtomicInteger();
    volatile boolean ignoreRange;
    volatile String linkedEtagOverride;

    FakeHub() throws IOException {
        hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cdn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/", this::handleHub);
        cdn.createContext("/", this::handleCdn);
        hub.setExecutor(executor);
        cdn.setExecutor(executor);
        hub.start();
        cdn.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    /** Adds a repository; files named in {@code lfs} are served like Git LFS files. */
    void addRepo(String repo, Map<String, byte[]> files, Set<String> lfs) {
        repos.put(repo, new LinkedHashMap<>(files));
        lfsFiles.put(repo, Set.copyOf(lfs));
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String server) {
        return requests().stream().filter(request -> request.server().equals(server)).toList();
    }

    private void handleHub(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        record(exchange, "hub");
        try {
            if (path.startsWith("/api/models/")) {
                serveTree(exchange, path.substring("/api/models/".length()));
                return;
            }
            int resolve = path.indexOf("/resolve/");
            if (resolve < 0) {
                sendError(exchange, 404, "", "not found");
                return;
            }
            String repo = path.substring(1, resolve);
            String rest = path.substring(resolve + "/resolve/".length());
            String file = java.net.URLDecoder.decode(rest.substring(rest.indexOf('/') + 1), StandardCharsets.UTF_8);
            if (!authorized(exchange, repo)) {
                return;
            }
            Map<String, byte[]> files = repos.get(repo);
            if (files == null) {
                sendError(exchange, 404, "RepoNotFound", "Repository not found");
                return;
            }
            byte[] content = files.get(file);
            if (content == null) {
                sendError(exchange, 404, "EntryNotFound", "Entry not found");
                return;
            }
            exchange.getResponseHeaders().add("X-Repo-Commit", COMMIT);
            if (lfsFiles.get(repo).contains(file)) {
                String sha = linkedEtagOverride != null ? linkedEtagOverride : sha256(content);
                exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
                exchange.getResponseHeaders().add("X-Linked-Size", Long.toString(content.length));
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + cdn.getAddress().getPort()
                        + "/blobs/" + repo + "/" + file);
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("ETag", "\"" + gitOid(content) + "\"");
            serveContent(exchange, repo, file, content);
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private void handleCdn(HttpExchange exchange) throws IOException {
        record(exchange, "cdn");
        try {
            String path = exchange.getRequestURI().getRawPath().substring("/blobs/".length());
            int split = path.lastIndexOf('/');
            String repo = path.substring(0, split);
            String file = path.substring(split + 1);
            serveContent(exchange, repo, file, repos.get(repo).get(file));
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private void serveTree(HttpExchange exchange, String rest) throws IOException {
        int tree = rest.indexOf("/tree/");
        String repo = rest.substring(0, tree);
        if (!authorized(exchange, repo)) {
            return;
        }
        Map<String, byte[]> files = repos.get(repo);
        if (files == null) {
            sendError(exchange, 404, "RepoNotFound", "Repository not found");
            return;
        }
        StringBuilder json = new StringBuilder("[");
        for (Map.Entry<String, byte[]> entry : files.entrySet()) {
            String name = entry.getKey();
            byte[] content = entry.getValue();
            long size = listedSizes.getOrDefault(repo + "/" + name, (long) content.length);
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"type\":\"file\",\"oid\":\"").append(gitOid(content)).append("\",\"size\":").append(size);
            if (lfsFiles.get(repo).contains(name)) {
                json.append(",\"lfs\":{\"oid\":\"").append(sha256(content)).append("\",\"size\":").append(size)
                        .append(",\"pointerSize\":134}");
            }
            json.append(",\"path\":\"").append(name).append("\"}");
        }
        json.append(",{\"type\":\"directory\",\"oid\":\"abc\",\"size\":0,\"path\":\"onnx\"}]");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void serveContent(HttpExchange exchange, String repo, String file, byte[] content) throws IOException {
        if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            sendError(exchange, 503, "", "try later");
            return;
        }
        byte[] body = servedInstead.getOrDefault(repo + "/" + file, content);
        String range = exchange.getRequestHeaders().getFirst("Range");
        int start = 0;
        if (range != null && !ignoreRange) {
            start = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            if (start >= body.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            exchange.sendResponseHeaders(206, body.length - start);
        } else {
            exchange.sendResponseHeaders(200, body.length);
        }

        OutputStream out = exchange.getResponseBody();
        int length = body.length - start;
        if (length > dropAfterBytes && drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            out.write(body, start, dropAfterBytes);
            out.flush();
            // Closing the exchange before the announced length drops the connection.
            exchange.close();
            return;
        }
        Integer stallPoint = lfsFiles.get(repo).contains(file) ? stallPoints.poll() : null;
        if (stallPoint != null) {
            out.write(body, start, Math.min(stallPoint, length));
            out.flush();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        out.write(body, start, length);
        out.close();
    }

    private boolean authorized(HttpExchange exchange, String repo) throws IOException {
        String token = gatedTokens.get(repo);
        if (token == null) {
            return true;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            sendError(exchange, 401, "GatedRepo", "Access to model " + repo + " is restricted.");
            return false;
        }
        if (!authorization.equals("Bearer " + token)) {
            sendError(exchange, 403, "GatedRepo", "Please accept the conditions to access " + repo);
            return false;
        }
        return true;
    }

    private void record(HttpExchange exchange, String server) {
        requests.add(new Request(server, exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Range"), exchange.getRequestHeaders().getFirst("Authorization")));
    }

    private static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        if (!code.isEmpty()) {
            exchange.getResponseHeaders().add("X-Error-Code", code);
        }
        exchange.getResponseHeaders().add("X-Error-Message", message);
        byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(content));
    }

    static String gitOid(byte[] content) {
        MessageDigest sha1 = digest("SHA-1");
        sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(content));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
