package org.regiontag.engine.clip.openai;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.SafetensorsWriter;
import org.regiontag.engine.clip.openai.TorchScriptArchive.ArchiveTensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts OpenAI's original CLIP archives ({@code RN50.pt}, {@code RN101.pt},
 * {@code ViT-B-16.pt} and the like, TorchScript files) into RegionTag's OpenAI-names checkpoint
 * folder: {@code config.json}, {@code model.safetensors} and, when one is given or found,
 * {@code tokenizer.json}.
 *
 * <p>The archive is loaded through DJL's TorchScript loader, which proves that libtorch accepts it
 * and supplies its parameters; its code is never run. The batch-norm running statistics of a
 * ResNet are buffers, which that loader does not return, so they are read from the archive's
 * pickled module tree by {@link TorchScriptArchive}, which runs none of the pickle either; the
 * two readings must agree on every parameter's shape. The sizes are inferred from the tensor
 * shapes as OpenAI's {@code build_model} does, every tensor those sizes imply must be present with
 * its shape, and tensors keep their stored type (OpenAI's archives hold float16 weights and
 * float32 norms). The folder is written under a temporary name beside {@code outDir} and renamed
 * when complete, so a failed conversion leaves nothing behind.
 */
public final class OpenAiArchiveConverter {

    /** File name of the tokenizer that {@link #convert(Path, Path)} looks for beside the archive. */
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiArchiveConverter.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private OpenAiArchiveConverter() {
    }

    /**
     * The outcome of a conversion.
     *
     * @param folder the checkpoint folder written
     * @param visionType {@code resnet} or {@code vit}
     * @param tensorCount tensors written to {@code model.safetensors}
     * @param tokenizer the tokenizer copied into the folder, or {@code null} when there was none:
     *     the folder then needs a {@code tokenizer.json} before it can encode text
     */
    public record Result(Path folder, String visionType, int tensorCount, Path tokenizer) {
    }

    /**
     * Converts an archive, taking the tokenizer from a {@code tokenizer.json} beside it if there is one.
     *
     * @see #convert(Path, Path, Path)
     */
    public static Result convert(Path archive, Path outDir) throws IOException {
        Path besideArchive = archive.toAbsolutePath().resolveSibling(TOKENIZER_FILE);
        return convert(archive, outDir, Files.isRegularFile(besideArchive) ? besideArchive : null);
    }

    /**
     * Converts an archive into a new checkpoint folder.
     *
     * @param archive an OpenAI CLIP {@code .pt} TorchScript archive
     * @param outDir the folder to create; it must not exist or must be empty
     * @param tokenizer a Hugging Face {@code tokenizer.json} for the CLIP vocabulary to copy into the
     *     folder, or {@code null} to write none
     * @throws UserInputException when a file is missing, the archive is not a TorchScript archive of
     *     an OpenAI CLIP (naming missing tensors and unexpected shapes), the tokenizer does not fit
     *     the text tower, or {@code outDir} is not empty
     * @throws IOException when reading or writing fails
     */
    public static Result convert(Path archive, Path outDir, Path tokenizer) throws IOException {
        checkInputs(archive, outDir, tokenizer);

        Map<String, Shape> expected;
        OpenAiClipArchitecture architecture;
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        try (TorchScriptArchive pickled = TorchScriptArchive.open(archive);
                Model model = Djl.engine().newModel("openai-clip-archive", Device.cpu())) {
            Map<String, NDArray> parameters = loadParameters(model, archive);
            checkAgreement(archive, pickled, parameters);

            Map<String, long[]> shapes = new LinkedHashMap<>();
            pickled.tensors().forEach((name, tensor) -> shapes.put(name, tensor.shape()));
            architecture = OpenAiClipArchitecture.infer(shapes, archive.toString());
            expected = architecture.expectedShapes();
            checkTensors(archive, expected, shapes);

            for (String name : expected.keySet()) {
                NDArray parameter = parameters.get(name);
                ArchiveTensor tensor = pickled.tensors().get(name);
                if (parameter != null) {
                    tensors.put(name, storable(archive, name, parameter.getDataType(), tensor.shape(),
                            parameter.toByteBuffer()));
                } else {
                    tensors.put(name, storable(archive, name, tensor.dataType(), tensor.shape(), pickled.read(tensor)));
                }
            }
        }
        if (tokenizer != null) {
            checkTokenizer(tokenizer, architecture.text().vocabSize());
        }

        writeFolder(outDir, architecture, tensors, tokenizer);
        LOG.info("Converted {} ({} image tower, {} tensors) into {}", archive, architecture.visionType(),
                tensors.size(), outDir);
        return new Result(outDir, architecture.visionType(), tensors.size(),
                tokenizer == null ? null : outDir.resolve(TOKENIZER_FILE));
    }

    /** Returns whether {@code file} starts like a zip file, the container of every TorchScript archive. */
    public static boolean looksLikeTorchScriptArchive(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(ZIP_MAGIC.length);
            return java.util.Arrays.equals(magic, ZIP_MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkInputs(Path archive, Path outDir, Path tokenizer) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new UserInputException(OpenAiMessages.format("file.missing", archive));
        }
        if (tokenizer != null && !Files.isRegularFile(tokenizer)) {
            throw new UserInputException(OpenAiMessages.format("tokenizer.missing", tokenizer));
        }
        if (Files.exists(outDir)) {
            boolean empty;
            if (Files.isDirectory(outDir)) {
                try (Stream<Path> entries = Files.list(outDir)) {
                    empty = entries.findAny().isEmpty();
                }
            } else {
                empty = false;
            }
            if (!empty) {
                throw new UserInputException(OpenAiMessages.format("out.notEmpty", outDir));
            }
        }
        if (!looksLikeTorchScriptArchive(archive)) {
            throw new UserInputException(OpenAiMessages.format("archive.notZip", archive));
        }
    }

    private static Map<String, NDArray> loadParameters(Model model, Path archive) throws IOException {
        try {
            // mapLocation: OpenAI saved its archives from CUDA, and this libtorch may have no CUDA.
            model.load(archive, null, Map.of("mapLocation", "true"));
        } catch (MalformedModelException | EngineException e) {
            throw new UserInputException(OpenAiMessages.format("archive.libtorch", archive, firstLine(e.getMessage())), e);
        }
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : model.getBlock().getParameters()) {
            parameters.put(pair.getKey(), pair.getValue().getArray());
        }
        return parameters;
    }

    /** Both readings of the archive must name the same parameters with the same shapes. */
    private static void checkAgreement(Path archive, TorchScriptArchive pickled, Map<String, NDArray> parameters) {
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            ArchiveTensor tensor = pickled.tensors().get(entry.getKey());
            Shape shape = entry.getValue().getShape();
            if (tensor == null || !new Shape(tensor.shape()).equals(shape)
                    || tensor.dataType() != entry.getValue().getDataType()) {
                throw new IllegalStateException(archive + ": libtorch reports parameter '" + entry.getKey() + "' as "
                        + entry.getValue().getDataType() + " " + shape + " but the archive's module tree has "
                        + (tensor == null ? "no such tensor" : tensor.dataType() + " " + new Shape(tensor.shape())));
            }
        }
    }

    static void checkTensors(Path archive, Map<String, Shape> expected, Map<String, long[]> shapes) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Shape> entry : expected.entrySet()) {
            long[] found = shapes.get(entry.getKey());
            if (found == null) {
                missing.add(entry.getKey());
            } else if (!new Shape(found).equals(entry.getValue())) {
                throw new UserInputException(OpenAiMessages.format("tensors.shape", archive, entry.getKey(),
                        new Shape(found), entry.getValue()));
            }
        }
        if (!missing.isEmpty()) {
            throw new UserInputException(OpenAiMessages.format("tensors.missing", archive, missing.size(),
                    String.join(", ", missing.subList(0, Math.min(5, missing.size())))));
        }
    }

    /** Keeps float32 and float16 as they are; widens bfloat16 and narrows float64 to float32. */
    private static SafetensorsWriter.Tensor storable(Path archive, String name, DataType dataType, long[] shape,
            ByteBuffer data) {
        ByteBuffer ordered = data.duplicate().order(data.order());
        switch (dataType) {
            case FLOAT32:
            case FLOAT16:
                return new SafetensorsWriter.Tensor(dataType, shape, ordered);
            case BFLOAT16: {
                ByteBuffer widened = ByteBuffer.allocate(ordered.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
                while (ordered.hasRemaining()) {
                    widened.putInt((ordered.getShort() & 0xffff) << 16);
                }
                return new SafetensorsWriter.Tensor(DataType.FLOAT32, shape, widened.flip());
            }
            case FLOAT64: {
                ByteBuffer narrowed = ByteBuffer.allocate(ordered.remaining() / 2).order(ByteOrder.LITTLE_ENDIAN);
                while (ordered.hasRemaining()) {
                    narrowed.putFloat((float) ordered.getDouble());
                }
                return new SafetensorsWriter.Tensor(DataType.FLOAT32, shape, narrowed.flip());
            }
            default:
                throw new UserInputException(OpenAiMessages.format("tensors.dtype", archive, name, dataType));
        }
    }

    static void checkTokenizer(Path tokenizer, int vocabSize) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(tokenizer.toFile());
        } catch (JsonProcessingException e) {
            throw new UserInputException(OpenAiMessages.format("tokenizer.json", tokenizer, e.getOriginalMessage()), e);
        }
        JsonNode vocab = root == null ? null : root.path("model").get("vocab");
        if (vocab == null || !vocab.isObject()) {
            throw new UserInputException(OpenAiMessages.format("tokenizer.noVocabulary", tokenizer));
        }
        JsonNode added = root.get("added_tokens");
        int size = vocab.size();
        if (added != null && added.isArray()) {
            for (JsonNode token : added) {
                if (token.has("content") && !vocab.has(token.get("content").asText())) {
                    size++;
                }
            }
        }
        if (size != vocabSize) {
            throw new UserInputException(OpenAiMessages.format("tokenizer.vocabSize", tokenizer, size, vocabSize));
        }
    }

    private static void writeFolder(Path outDir, OpenAiClipArchitecture architecture,
            Map<String, SafetensorsWriter.Tensor> tensors, Path tokenizer) throws IOException {
        Path target = outDir.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
        try {
            SafetensorsWriter.write(staging.resolve("model.safetensors"), tensors);
            Files.write(staging.resolve("config.json"), JSON.writeValueAsBytes(architecture.toConfigJson()));
            if (tokenizer != null) {
                Files.copy(tokenizer, staging.resolve(TOKENIZER_FILE));
            }
            try {
                Files.deleteIfExists(target);
            } catch (DirectoryNotEmptyException e) {
                throw new UserInputException(OpenAiMessages.format("out.notEmpty", outDir), e);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(staging);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (NoSuchFileException e) {
                    LOG.debug("{} vanished while cleaning up", path, e);
                }
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
