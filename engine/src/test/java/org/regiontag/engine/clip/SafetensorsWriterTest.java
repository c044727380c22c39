package org.regiontag.engine.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.Djl;

class SafetensorsWriterTest {

    @TempDir
    Path folder;

    @Test
    void djlReadsBackEveryTensor() throws IOException {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            arrays.put("visual.conv1.weight", manager.arange(54f).reshape(2, 3, 3, 3));
            arrays.put("logit_scale", manager.create(4.6052f));
            arrays.put("text_projection", manager.arange(15f).reshape(5, 3).toType(DataType.FLOAT16, false));
            arrays.put("a.bias", manager.create(new float[] {-1.5f, 2.25f, 7f}));
            Path file = folder.resolve("model.safetensors");

            SafetensorsWriter.write(file, tensorsOf(arrays));

            Map<String, NDArray> read = new LinkedHashMap<>();
            try (InputStream in = Files.newInputStream(file)) {
                for (NDArray array : NDList.decode(manager, in)) {
                    read.put(array.getName(), array);
                }
            }
            assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(arrays.keySet());
            for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
                NDArray actual = read.get(entry.getKey());
                assertThat(actual.getDataType()).as(entry.getKey()).isEqualTo(entry.getValue().getDataType());
                assertThat(actual.getShape()).as(entry.getKey()).isEqualTo(entry.getValue().getShape());
                assertThat(actual.contentEquals(entry.getValue())).as(entry.getKey()).isTrue();
            }
        }
    }

    @Test
    void headerIsSortedAlignedAndContiguous() throws IOException {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            arrays.put("b.half", manager.ones(new Shape(3)).toType(DataType.FLOAT16, false));
            arrays.put("c.float", manager.ones(new Shape(5)));
            arrays.put("a.float", manager.ones(new Shape(1)));
            arrays.put("d.empty", manager.zeros(new Shape(0, 4)));
            Path file = folder.resolve("model.safetensors");

            SafetensorsWriter.write(file, tensorsOf(arrays));

            byte[] bytes = Files.readAllBytes(file);
            long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
            List<String> keys = new ArrayList<>();
            header.fieldNames().forEachRemaining(keys::add);

            assertThat((8 + headerLength) % 8).as("data section start modulo 8").isZero();
            assertThat(keys).containsExactly("__metadata__", "a.float", "b.half", "c.float", "d.empty");
            assertThat(header.get("__metadata__").toString()).isEqualTo("{\"format\":\"pt\"}");
            assertThat(offsets(header, "a.float")).containsExactly(0L, 4L);
            assertThat(offsets(header, "c.float")).containsExactly(4L, 24L);
            assertThat(offsets(header, "d.empty")).containsExactly(24L, 24L);
            assertThat(offsets(header, "b.half")).containsExactly(24L, 30L);
            assertThat(header.get("b.half").get("dtype").asText()).isEqualTo("F16");
            assertThat(header.get("d.empty").get("shape").toString()).isEqualTo("[0,4]");
            assertThat(bytes.length).isEqualTo(8 + headerLength + 30);
        }
    }

    @Test
    void bigEndianBuffersAreStoredLittleEndian() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        data.putFloat(1.5f).putFloat(-3f).flip();
        Path file = folder.resolve("model.safetensors");

        SafetensorsWriter.write(file, Map.of("x", new SafetensorsWriter.Tensor(DataType.FLOAT32, new long[] {2}, data)));

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(stored.getFloat()).isEqualTo(1.5f);
        assertThat(stored.getFloat()).isEqualTo(-3f);
    }

    @Test
    void failedWriteLeavesNothingBehind() throws IOException {
        Path file = folder.resolve("model.safetensors");
        Files.writeString(file, "previous");
        ByteBuffer data = ByteBuffer.allocate(4);

        assertThatThrownBy(() -> SafetensorsWriter.write(file,
                Map.of("__metadata__", new SafetensorsWriter.Tensor(DataType.FLOAT32, new long[] {1}, data))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__metadata__");
        assertThat(Files.readString(file)).isEqualTo("previous");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path file = folder.resolve("model.safetensors");
        Files.writeString(file, "previous");

        SafetensorsWriter.write(file, Map.of("x", new SafetensorsWriter.Tensor(DataType.FLOAT32, new long[0],
                ByteBuffer.allocate(4))));

        assertThat(Files.size(file)).isGreaterThan(8);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void sizeMismatchIsRejected() {
        assertThatThrownBy(() -> new SafetensorsWriter.Tensor(DataType.FLOAT16, new long[] {3}, ByteBuffer.allocate(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape [3] of float16 needs 6 bytes, found 4");
        assertThatThrownBy(() -> new SafetensorsWriter.Tensor(DataType.INT64, new long[] {1}, ByteBuffer.allocate(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("float32 and float16");
    }

    private static Map<String, SafetensorsWriter.Tensor> tensorsOf(Map<String, NDArray> arrays) {
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        arrays.forEach((name, array) -> tensors.put(name, SafetensorsWriter.Tensor.of(array)));
        return tensors;
    }

    private static List<Long> offsets(JsonNode header, String name) {
        List<Long> values = new ArrayList<>();
        Iterator<JsonNode> iterator = header.get(name).get("data_offsets").elements();
        iterator.forEachRemaining(node -> values.add(node.asLong()));
        return values;
    }
}
