package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelCommandTest {

    private static final String REPO = "openai/clip-vit-base-patch16";

    @TempDir
    Path temp;

    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private HttpServer hub;

    /** What one run of the command line printed and returned. */
    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        environment.put("REGIONTAG_MODEL_CACHE", temp.resolve("cache").toString());
        files.put("config.json", "{\"text_config\": {}, \"vision_config\": {}, \"projection_dim\": 512}"
                .getBytes(StandardCharsets.UTF_8));
        files.put("preprocessor_config.json", "{\"crop_size\": 224}".getBytes(StandardCharsets.UTF_8));
        files.put("tokenizer.json", "{\"model\": {\"type\": \"BPE\"}}".getBytes(StandardCharsets.UTF_8));
        byte[] weights = new byte[300_000];
        new Random(1).nextBytes(weights);
        byte[] header = "{\"__metadata__\":{}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer.wrap(weights).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).put(header);
        files.put("model.safetensors", weights);

        hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/", this::serve);
        hub.start();
    }

    @AfterEach
    void stopHub() {
        hub.stop(0);
    }

    @Test
    void listShowsEveryModel() {
        Run run = run("model", "list");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("NAME", "SOURCE", "STATUS", "SIZE", "LOCATION");
        assertThat(run.out()).containsPattern("clip-vit-base-patch16 +hub openai/clip-vit-base-patch16@main +absent +- +"
                + java.util.regex.Pattern.quote(temp.resolve("cache").resolve("clip-vit-base-patch16").toString()));
        assertThat(run.out()).containsPattern("demo-tiny-clip +embedded +embedded");
        assertThat(run.out()).contains("Model cache: " + temp.resolve("cache"));
        assertThat(run.out()).contains("ResNet checkpoints (RN50, RN101)");
    }

    @Test
    void getDownloadsFromEndpointVariable() throws IOException {
        environment.put("HF_ENDPOINT", endpoint());

        Run get = run("model", "get", "clip-vit-base-patch16");

        assertThat(get.status()).as(get.err()).isZero();
        Path folder = temp.resolve("cache").resolve("clip-vit-base-patch16");
        assertThat(get.out()).startsWith("clip-vit-base-patch16: ready in " + folder + " (4 files downloaded, ");
        assertThat(get.err()).contains("model.safetensors: 300.0 kB verified");
        assertThat(get.err()).doesNotContain("\r");
        assertThat(folder.resolve("model.safetensors")).hasBinaryContent(files.get("model.safetensors"));

        JsonNode list = new ObjectMapper().readTree(run("model", "list", "--json").out());
        JsonNode model = list.at("/models/0");
        assertThat(model.get("status").asText()).isEqualTo("installed");
        assertThat(model.get("installed").asBoolean()).isTrue();
        assertThat(model.get("size_bytes").asLong()).isGreaterThan(300_000);
        assertThat(list.get("cache").asText()).isEqualTo(temp.resolve("cache").toString());
    }

    @Test
    void secondGetOnlyVerifies() {
        environment.put("HF_ENDPOINT", endpoint());
        run("model", "get", "clip-vit-base-patch16");

        Run again = run("model", "get", "clip-vit-base-patch16");

        assertThat(again.status()).isZero();
        assertThat(again.out()).contains("0 files downloaded", "4 already present");
        assertThat(again.err()).contains("model.safetensors: already downloaded and verified");
    }

    @Test
    void endpointOptionOverridesVariable() {
        environment.put("HF_ENDPOINT", "http://127.0.0.1:9");

        Run run = run("model", "get", "clip-vit-base-patch16", "--endpoint", endpoint() + "/");

        assertThat(run.status()).as(run.err()).isZero();
    }

    @Test
    void unknownNameIsUserError() {
        Run run = run("model", "get", "clip-vit-huge");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("regiontag: unknown model 'clip-vit-huge'; model get downloads one of"
                + " clip-vit-base-patch16, clip-vit-base-patch32, clip-vit-large-patch14" + System.lineSeparator());
    }

    @Test
    void missingRepositoryIsOneLine() {
        environment.put("HF_ENDPOINT", endpoint() + "/empty");

        Run run = run("model", "get", "clip-vit-base-patch32");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().lines().filter(line -> line.startsWith("regiontag: "))).singleElement().asString()
                .contains("repository openai/clip-vit-base-patch32 was not found");
    }

    @Test
    void importRegistersFolder() throws IOException {
        Path checkpoint = Files.createDirectories(temp.resolve("checkpoints").resolve("my-clip"));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(checkpoint.resolve(file.getKey()), file.getValue());
        }

        Run imported = run("model", "import", checkpoint.toString());
        Run listed = run("model", "list");
        Run clash = run("model", "import", temp.resolve("checkpoints").toString(), "--name", "my-clip");

        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(imported.out()).isEqualTo("Registered my-clip for " + checkpoint + "; use it with --model my-clip"
                + System.lineSeparator());
        assertThat(listed.out()).containsPattern("my-clip +imported +installed +300\\.\\d kB +"
                + java.util.regex.Pattern.quote(checkpoint.toString()));
        assertThat(clash.status()).isEqualTo(1);
        assertThat(clash.err()).contains("has no config.json");
    }

    @Test
    void importOfArchiveWithoutTokenizerIsUserError() throws IOException {
        Path archive = Files.write(temp.resolve("RN50.pt"), new byte[] {1});

        Run run = run("model", "import", archive.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("RN50.pt: no tokenizer given").contains("--tokenizer FILE");
    }

    @Test
    @Tag("python")
    void importConvertsArchive() throws Exception {
        Path scripts = Path.of("../engine/src/test/python").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(scripts.resolve("clip_resnet_reference.py")), "engine/src/test/python not found");
        assumeTrue(python(scripts, "-c", "import torch") == 0, "/usr/bin/python3 with torch is not available");
        Path tiny = temp.resolve("tiny");
        assertThat(python(scripts, scripts.resolve("make_tiny_clip.py").toString(), "--out", tiny.toString())).isZero();
        Path archive = temp.resolve("RN-tiny.pt");
        assertThat(python(scripts, scripts.resolve("clip_resnet_reference.py").toString(), "archive", "--kind",
                "resnet", "--half", "--vocab-size", "574", "--out", archive.toString(), "--tensors",
                temp.resolve("tensors.safetensors").toString())).isZero();

        Run imported = run("model", "import", archive.toString(), "--tokenizer", tiny.resolve("tokenizer.json").toString());
        Run listed = run("model", "list");

        Path folder = temp.resolve("cache").resolve("RN-tiny").toAbsolutePath().normalize();
        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(imported.out()).isEqualTo("Registered RN-tiny for " + folder + "; use it with --model RN-tiny"
                + System.lineSeparator());
        assertThat(folder.resolve("config.json")).content().contains("\"type\" : \"resnet\"");
        assertThat(listed.out()).containsPattern("RN-tiny +imported +installed");
    }

    private static int python(Path scripts, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        return process.waitFor();
    }

    private Run run(String... args) {
        CommandLine commandLine = RegionTagCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        ModelCommand model = commandLine.getSubcommands().get("model").getCommand();
        model.environment = environment::get;
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private String endpoint() {
        return "http://127.0.0.1:" + hub.getAddress().getPort();
    }

    /** Serves the tree API and resolve URLs of one repository, with LFS digests, as the hub does. */
    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        if (path.equals("/api/models/" + REPO + "/tree/main")) {
            StringBuilder json = new StringBuilder("[");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                json.append(json.length() > 1 ? "," : "").append("{\"type\":\"file\",\"path\":\"").append(file.getKey())
                        .append("\",\"size\":").append(file.getValue().length).append(",\"oid\":\"")
                        .append(gitOid(file.getValue())).append('"');
                if (file.getKey().endsWith(".safetensors")) {
                    json.append(",\"lfs\":{\"oid\":\"").append(sha256(file.getValue())).append("\",\"size\":")
                            .append(file.getValue().length).append('}');
                }
                json.append('}');
            }
            body = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
        } else if (path.startsWith("/" + REPO + "/resolve/main/")) {
            body = files.get(path.substring(("/" + REPO + "/resolve/main/").length()));
        } else {
            exchange.getResponseHeaders().add("X-Error-Code", "RepoNotFound");
            body = null;
        }
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String gitOid(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
