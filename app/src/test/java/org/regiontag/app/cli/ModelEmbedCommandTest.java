package org.regiontag.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.ClipTokenizer;
import org.regiontag.engine.clip.DenseMode;
import org.regiontag.engine.clip.ImageFeatures;
import picocli.CommandLine;

class ModelEmbedCommandTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Float32 against the float64 reference, on the same normalised pixels. */
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path temp;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = RegionTagCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    @Tag("python")
    void printsEmbeddingsThatMatchReference() throws IOException {
        assumePython();
        Path model = temp.resolve("model");
        python("make_tiny_clip.py", "--out", model.toString(), "--variant", "odd-quick", "--seed", "21");
        Path image = temp.resolve("photo.png");
        ImageIO.write(testImage(), "png", image.toFile());
        List<String> texts = List.of("a photo of a dog.", "teddy bear");

        Run result = run("model", "embed", "--model", model.toString(), "--image", image.toString(), "--text",
                texts.get(0), texts.get(1), "--dense", "--json");

        assertThat(result.status()).as(result.err()).isZero();
        JsonNode printed = JSON.readTree(result.out());
        JsonNode expected = reference(model, image, texts);
        assertThat(printed.get("image_embeds")).hasSize(24);
        assertThat(printed.get("text_embeds")).hasSize(2);
        assertThat(printed.get("dense")).hasSize(25);
        assertThat(printed.get("dense_grid").toString()).isEqualTo("[5,5]");
        assertClose(printed.get("image_embeds"), expected.get("image_embeds").get(0));
        assertClose(printed.get("text_embeds"), expected.get("text_embeds"));
        assertClose(printed.get("dense"), expected.get("dense").get(0));
    }

    @Test
    @Tag("python")
    void printsResNetEmbeddings() throws IOException {
        assumePython();
        Path tiny = temp.resolve("tiny");
        python("make_tiny_clip.py", "--out", tiny.toString(), "--variant", "odd-quick", "--seed", "3");
        Path model = temp.resolve("resnet");
        python("clip_resnet_reference.py", "checkpoint", "--out", model.toString(), "--layers", "1,2", "--width", "8",
                "--heads", "2", "--image-size", "64", "--output-dim", "20", "--text-width", "32", "--text-layers", "1",
                "--text-heads", "4", "--vocab-size", "600", "--tokenizer", tiny.resolve("tokenizer.json").toString());
        Path image = temp.resolve("photo.png");
        ImageIO.write(testImage(), "png", image.toFile());

        Run result = run("model", "embed", "--model", model.toString(), "--image", image.toString(), "--text",
                "a photo of a dog.", "--dense", "--json");

        assertThat(result.status()).as(result.err()).isZero();
        JsonNode printed = JSON.readTree(result.out());
        assertThat(printed.get("image_embeds")).hasSize(20);
        assertThat(printed.get("text_embeds")).hasSize(1);
        assertThat(printed.get("dense_grid").toString()).isEqualTo("[8,8]");
        assertThat(printed.get("dense")).hasSize(64);
        try (ClipModel clip = ClipModel.load(model, Device.cpu()); NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray pixels = clip.preprocessor().centerCrop(manager, ImageIO.read(image.toFile())).expandDims(0);
            ImageFeatures expected = clip.encodeImageDense(pixels, DenseMode.VALUE_PATH);
            assertClose(printed.get("image_embeds"), JSON.valueToTree(expected.global().toFloatArray()));
            assertClose(printed.get("dense"), JSON.valueToTree(expected.dense().toFloatArray()));
        }
    }

    @Test
    void missingModelFolderIsUserError() throws IOException {
        Path image = temp.resolve("photo.png");
        ImageIO.write(testImage(), "png", image.toFile());

        Run result = run("model", "embed", "--model", temp.resolve("absent").toString(), "--image", image.toString(),
                "--text", "a dog", "--json");

        assertThat(result.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(result.err()).contains("absent").contains("not a folder");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unreadableImageIsUserError() throws IOException {
        Path image = temp.resolve("photo.png");
        Files.writeString(image, "not an image");

        Run result = run("model", "embed", "--model", temp.toString(), "--image", image.toString(), "--text", "a dog",
                "--json");

        assertThat(result.status()).isEqualTo(RegionTagCommand.EXIT_USER_ERROR);
        assertThat(result.err()).contains("photo.png").contains("not an image format");
    }

    @Test
    void helpDescribesOutput() {
        Run result = run("model", "embed", "--help");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("image_embeds").contains("--dense").contains("--text=TEXT...");
    }

    private JsonNode reference(Path model, Path image, List<String> texts) throws IOException {
        Path pixels = temp.resolve("pixels.f32");
        python("clip_reference.py", "preprocess", "--image", image.toString(), "--size", "40", "--out", pixels.toString());
        List<long[]> ids = new ArrayList<>();
        try (ClipTokenizer tokenizer = ClipTokenizer.load(model.resolve("tokenizer.json"), 77)) {
            for (String text : texts) {
                long[] row = Arrays.copyOf(tokenizer.encode(text), 77);
                Arrays.fill(row, tokenizer.encode(text).length, 77, tokenizer.endId());
                ids.add(row);
            }
        }
        Path request = temp.resolve("request.json");
        JSON.writeValue(request.toFile(), Map.of("pixels_file", pixels.toString(), "pixels_shape", List.of(1, 3, 40, 40),
                "token_ids", ids));
        Path out = temp.resolve("result.json");
        python("clip_reference.py", "embed", "--model", model.toString(), "--request", request.toString(),
                "--out", out.toString());
        return JSON.readTree(out.toFile());
    }

    private static void assertClose(JsonNode actual, JsonNode expected) {
        float[] a = flatten(actual);
        float[] e = flatten(expected);
        assertThat(a).hasSameSizeAs(e);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - e[i]));
        }
        assertThat(max).isLessThanOrEqualTo(TOLERANCE);
    }

    private static float[] flatten(JsonNode node) {
        List<Float> values = new ArrayList<>();
        collect(node, values);
        float[] flat = new float[values.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = values.get(i);
        }
        return flat;
    }

    private static void collect(JsonNode node, List<Float> into) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, into));
        } else {
            into.add(node.floatValue());
        }
    }

    private static BufferedImage testImage() {
        BufferedImage image = new BufferedImage(70, 52, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 52; y++) {
            for (int x = 0; x < 70; x++) {
                image.setRGB(x, y, ((x * 3) << 16) | ((y * 4) << 8) | ((x + y) * 2 % 256));
            }
        }
        return image;
    }

    private static Path scripts() {
        Path scripts = Path.of("../engine/src/test/python").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(scripts.resolve("clip_reference.py")), "engine/src/test/python not found");
        return scripts;
    }

    private static void assumePython() {
        boolean available;
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", "import torch, numpy, PIL").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            available = process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        assumeTrue(available, PYTHON + " with torch, numpy and PIL is not available; skipping");
    }

    private static void python(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, scripts().resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
