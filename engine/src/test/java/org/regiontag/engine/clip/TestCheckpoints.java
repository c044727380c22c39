package org.regiontag.engine.clip;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.engine.Djl;
import org.regiontag.engine.clip.nn.ClipBlock;
import org.regiontag.engine.clip.nn.NamedParameter;

/**
 * Writes checkpoints in the OpenAI-names layout from Java, with DJL's random initialisation, so
 * loader tests run without Python. The safetensors writer here is deliberately minimal (F32 only).
 */
public final class TestCheckpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestCheckpoints() {
    }

    /** Small odd sizes: head widths 8 and 12, MLPs of 56 and 40, a 4x4 grid of 6 px patches. */
    public static ClipConfig tinyConfig(int vocabSize) {
        TransformerConfig text = new TransformerConfig(32, 2, 4, 56, Activation.QUICK_GELU, 1e-5);
        TransformerConfig vision = new TransformerConfig(24, 2, 2, 40, Activation.GELU, 1e-6);
        return new ClipConfig(CheckpointLayout.OPENAI, 16, new TextConfig(vocabSize, 77, text),
                new VitConfig(24, 6, vision));
    }

    /**
     * Writes {@code config.json}, {@code model.safetensors} and the tiny {@code tokenizer.json}
     * into {@code folder}.
     */
    public static Path writeRandom(Path folder, long seed) throws IOException {
        Files.createDirectories(folder);
        ClipTokenizerTest.tinyTokenizer(folder);
        ClipConfig config = tinyConfig(574);
        Files.writeString(folder.resolve("config.json"), openAiConfigJson(config));

        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            manager.getEngine().setRandomSeed((int) seed);
            ClipBlock block = new ClipBlock(config);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 24, 24), new Shape(1, 77), new Shape(1));
            for (Map.Entry<String, NamedParameter> entry : block.namedParameters().entrySet()) {
                tensors.put(entry.getKey(), entry.getValue().parameter().getArray().toFloatArray());
                shapes.put(entry.getKey(), entry.getValue().shape().getShape());
            }
        }
        writeSafetensors(folder.resolve("model.safetensors"), tensors, shapes);
        return folder;
    }

    static String openAiConfigJson(ClipConfig config) throws IOException {
        VitConfig vit = (VitConfig) config.vision();
        Map<String, Object> text = tower(config.text().transformer());
        text.put("vocab_size", config.text().vocabSize());
        text.put("context_length", config.text().contextLength());
        Map<String, Object> vision = tower(vit.transformer());
        vision.put("type", "vit");
        vision.put("image_size", vit.imageSize());
        vision.put("patch_size", vit.patchSize());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", ClipConfigReader.OPENAI_FORMAT);
        root.put("format_version", 1);
        root.put("embed_dim", config.embedDim());
        root.put("text", text);
        root.put("vision", vision);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static Map<String, Object> tower(TransformerConfig sizes) {
        Map<String, Object> tower = new LinkedHashMap<>();
        tower.put("width", sizes.width());
        tower.put("layers", sizes.layers());
        tower.put("heads", sizes.heads());
        tower.put("mlp_width", sizes.mlpWidth());
        tower.put("activation", sizes.activation().configName());
        tower.put("layer_norm_eps", sizes.layerNormEps());
        return tower;
    }

    /** Writes F32 tensors in the given order with contiguous offsets. */
    public static void writeSafetensors(Path file, Map<String, float[]> tensors, Map<String, long[]> shapes)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, float[]> entry : tensors.entrySet()) {
            long bytes = (long) entry.getValue().length * Float.BYTES;
            header.put(entry.getKey(), Map.of("dtype", "F32", "shape", shapes.get(entry.getKey()),
                    "data_offsets", List.of(offset, offset + bytes)));
            offset += bytes;
        }
        byte[] headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            out.write(headerBytes);
            for (float[] values : tensors.values()) {
                ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(values);
                out.write(data.array());
            }
        }
    }
}
