package org.regiontag.engine.clip.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.resnet.ModifiedResNet;
import org.regiontag.engine.clip.resnet.PythonReference;
import org.regiontag.engine.clip.resnet.ResNetFeatures;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;
import org.regiontag.engine.clip.safetensors.SafetensorsFile;
import org.regiontag.engine.clip.safetensors.TensorInfo;

/**
 * Converts tiny CLIP archives that the PyTorch reference saves with {@code torch.jit.trace} and
 * {@code torch.jit.save}, as OpenAI's files were made, with OpenAI's float16 weights and float32
 * norms, and compares every converted tensor bit for bit with the archive's state dict.
 */
@Tag("python")
class OpenAiArchiveConverterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void resnetArchiveConvertsExactly() throws Exception {
        Path archive = archive("resnet");
        Path out = folder.resolve("rn-tiny");

        OpenAiArchiveConverter.Result result = OpenAiArchiveConverter.convert(archive, out, null);

        assertThat(result.visionType()).isEqualTo("resnet");
        assertThat(result.tokenizer()).isNull();
        JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
        assertThat(config.get("format").asText()).isEqualTo("regiontag-clip-openai");
        assertThat(config.get("embed_dim").asInt()).isEqualTo(24);
        assertThat(config.get("vision").toString()).isEqualTo("{\"type\":\"resnet\",\"layers\":[2,1,1,1],"
                + "\"width\":4,\"heads\":2,\"image_size\":64,\"output_dim\":24}");
        assertThat(config.get("text").toString()).isEqualTo("{\"vocab_size\":100,\"context_length\":16,"
                + "\"width\":128,\"layers\":2,\"heads\":2,\"mlp_width\":512,\"activation\":\"quick_gelu\","
                + "\"layer_norm_eps\":1.0E-5}");
        assertSameTensors(folder.resolve("resnet.safetensors"), out.resolve("model.safetensors"), result.tensorCount());
    }

    @Test
    void convertedResnetRunsLikeTheReference() throws Exception {
        Path out = folder.resolve("rn-tiny");
        OpenAiArchiveConverter.convert(archive("resnet"), out, null);
        Path reference = folder.resolve("reference.safetensors");
        PythonReference.run("reference", "--model", out.toString(), "--out", reference.toString(),
                "--input-size", "64");

        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
            ResNetVisionConfig vision = ResNetVisionConfig.fromJson(config.get("vision"), "config.json");
            Map<String, NDArray> tensors = PythonReference.readTensors(manager, out.resolve("model.safetensors"));
            Map<String, NDArray> expected = PythonReference.readTensors(manager, reference);

            ModifiedResNet tower = ModifiedResNet.fromTensors(vision, tensors, manager);
            ResNetFeatures features = tower.encode(new ParameterStore(manager, false), expected.get("images"), false);

            assertThat(features.imageEmbeds().sub(expected.get("image_embeds")).abs().max().getFloat())
                    .isLessThanOrEqualTo(1e-4f);
            assertThat(features.denseFeatures().sub(expected.get("dense")).abs().max().getFloat())
                    .isLessThanOrEqualTo(1e-4f);
        }
    }

    @Test
    void vitArchiveConvertsExactly() throws Exception {
        Path archive = archive("vit");
        Path out = folder.resolve("vit-tiny");

        OpenAiArchiveConverter.Result result = OpenAiArchiveConverter.convert(archive, out, null);

        assertThat(result.visionType()).isEqualTo("vit");
        JsonNode vision = JSON.readTree(out.resolve("config.json").toFile()).get("vision");
        assertThat(vision.toString()).isEqualTo("{\"type\":\"vit\",\"image_size\":48,\"patch_size\":8,"
                + "\"width\":64,\"layers\":2,\"heads\":1,\"mlp_width\":256,\"activation\":\"quick_gelu\","
                + "\"layer_norm_eps\":1.0E-5}");
        assertSameTensors(folder.resolve("vit.safetensors"), out.resolve("model.safetensors"), result.tensorCount());
    }

    @Test
    void tokenizerBesideTheArchiveIsCopied() throws Exception {
        Path archive = archive("resnet");
        Path tokenizer = archive.resolveSibling("tokenizer.json");
        Files.writeString(tokenizer, tokenizerJson(100));
        Path out = folder.resolve("with-tokenizer");

        OpenAiArchiveConverter.Result result = OpenAiArchiveConverter.convert(archive, out);

        assertThat(result.tokenizer()).isEqualTo(out.resolve("tokenizer.json"));
        assertThat(Files.readString(out.resolve("tokenizer.json"))).isEqualTo(tokenizerJson(100));
    }

    @Test
    void tokenizerOfAnotherVocabularyIsRejected() throws Exception {
        Path archive = archive("resnet");
        Path tokenizer = folder.resolve("other-tokenizer.json");
        Files.writeString(tokenizer, tokenizerJson(7));
        Path out = folder.resolve("rejected");

        assertThatThrownBy(() -> OpenAiArchiveConverter.convert(archive, out, tokenizer))
                .isInstanceOf(UserInputException.class)
                .hasMessage(tokenizer + ": the tokenizer has 7 tokens but the text tower's token embedding has 100"
                        + " rows; give the tokenizer of this model's vocabulary");
        assertThat(out).doesNotExist();
        assertNoStagingLeft();
    }

    @Test
    void stateDictIsNotATorchScriptArchive() throws Exception {
        Path stateDict = folder.resolve("state-dict.pt");
        PythonReference.run("archive", "--kind", "resnet", "--state-dict", "--out", stateDict.toString(),
                "--tensors", folder.resolve("unused.safetensors").toString());

        assertThatThrownBy(() -> OpenAiArchiveConverter.convert(stateDict, folder.resolve("out"), null))
                .isInstanceOf(UserInputException.class)
                .hasMessage(stateDict + ": data.pkl does not describe a TorchScript module");
        assertThat(folder.resolve("out")).doesNotExist();
    }

    @Test
    void nonEmptyOutputFolderIsRejected() throws Exception {
        Path archive = archive("resnet");
        Path out = Files.createDirectories(folder.resolve("taken"));
        Files.writeString(out.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> OpenAiArchiveConverter.convert(archive, out, null))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(out + ": the folder exists and is not empty");
        assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("keep me");
    }

    private Path archive(String kind) throws IOException, InterruptedException {
        Path archive = folder.resolve(kind + ".pt");
        if (!Files.exists(archive)) {
            PythonReference.run("archive", "--kind", kind, "--half", "--out", archive.toString(),
                    "--tensors", folder.resolve(kind + ".safetensors").toString());
        }
        return archive;
    }

    /** Compares two files tensor by tensor: names, stored dtypes, shapes and every value's bits. */
    private static void assertSameTensors(Path expectedFile, Path actualFile, int tensorCount) {
        try (SafetensorsFile expected = SafetensorsFile.open(expectedFile);
                SafetensorsFile actual = SafetensorsFile.open(actualFile)) {
            assertThat(actual.tensors()).hasSize(tensorCount);
            assertThat(actual.tensors().stream().map(TensorInfo::name))
                    .containsExactlyInAnyOrderElementsOf(expected.tensors().stream().map(TensorInfo::name).toList());
            for (TensorInfo want : expected.tensors()) {
                TensorInfo found = actual.require(want.name());
                assertThat(found.dtype()).as(want.name()).isEqualTo(want.dtype());
                assertThat(found.shape()).as(want.name()).isEqualTo(want.shape());
                // Widening F16 to float32 is exact and one-to-one, so equal floats mean equal stored bits.
                assertThat(actual.readFloats(want.name())).as(want.name()).isEqualTo(expected.readFloats(want.name()));
            }
        }
    }

    private void assertNoStagingLeft() throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            assertThat(entries.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith("."));
        }
    }

    private static String tokenizerJson(int tokens) {
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            vocab.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":").append(i);
        }
        return "{\"version\":\"1.0\",\"model\":{\"type\":\"BPE\",\"vocab\":{" + vocab + "},\"merges\":[]}}";
    }
}
