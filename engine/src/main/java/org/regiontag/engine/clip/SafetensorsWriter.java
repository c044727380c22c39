package org.regiontag.engine.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes float32 and float16 tensors as a safetensors file.
 *
 * <p>Layout: an 8-byte little-endian header length, a JSON header with the tensors in name order
 * and {@code "__metadata__": {"format": "pt"}} (the marker that Hugging Face transformers'
 * {@code save_pretrained} writes for PyTorch tensors), padded with
 * spaces so that the data section starts at an 8-byte boundary, then the raw little-endian data.
 * The data is contiguous, because the reference {@code safetensors} library rejects a file with
 * gaps between tensors. It is ordered by element size (float32 before float16), then by name,
 * so every tensor starts at a multiple of its own element size, as the reference writer arranges it.
 *
 * <p>The file is written beside its destination under a temporary name and then moved into
 * place, so a failed or interrupted write never leaves a partial file at {@code file}.
 */
public final class SafetensorsWriter {

    /** The {@code format} metadata value that marks the tensors as PyTorch's. */
    static final String FORMAT = "pt";
    static final String METADATA_KEY = "__metadata__";
    private static final int ALIGNMENT = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    /**
     * One tensor to write: its data type, shape and raw bytes.
     *
     * @param dataType {@link DataType#FLOAT32} or {@link DataType#FLOAT16}
     * @param shape the dimensions; an empty array is a scalar
     * @param data exactly {@code elements × elementSize} bytes from its position to its limit, in the
     *     buffer's byte order; the writer stores them little-endian
     */
    public record Tensor(DataType dataType, long[] shape, ByteBuffer data) {

        public Tensor {
            if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT16) {
                throw new IllegalArgumentException("only float32 and float16 tensors can be written, found " + dataType);
            }
            shape = shape.clone();
            long elements = 1;
            for (long dimension : shape) {
                if (dimension < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                elements = Math.multiplyExact(elements, dimension);
            }
            long expected = Math.multiplyExact(elements, dataType.getNumOfBytes());
            if (data.remaining() != expected) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dataType + " needs "
                        + expected + " bytes, found " + data.remaining());
            }
            data = data.slice().order(data.order());
        }

        /** Copies an NDArray's values (float32 or float16) into a tensor to write. */
        public static Tensor of(NDArray array) {
            return new Tensor(array.getDataType(), array.getShape().getShape(), array.toByteBuffer());
        }

        /** Returns the size of the data in bytes. */
        public long byteSize() {
            return data.remaining();
        }
    }

    /**
     * Writes {@code tensors} to {@code file}, replacing it if it exists.
     *
     * @throws IllegalArgumentException when a name is empty or is {@code __metadata__}
     * @throws IOException when the file cannot be written; a previous file at {@code file} is then
     *     left unchanged and no partial file remains
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        Map<String, Tensor> byName = new TreeMap<>(tensors);
        for (String name : byName.keySet()) {
            if (name.isEmpty() || METADATA_KEY.equals(name)) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            }
        }
        List<Map.Entry<String, Tensor>> dataOrder = new ArrayList<>(byName.entrySet());
        dataOrder.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(
                entry -> -entry.getValue().dataType().getNumOfBytes()).thenComparing(Map.Entry::getKey));

        Map<String, long[]> offsets = new TreeMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : dataOrder) {
            long end = offset + entry.getValue().byteSize();
            offsets.put(entry.getKey(), new long[] {offset, end});
            offset = end;
        }
        byte[] header = header(byName, offsets);

        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                length.putLong(header.length).flip();
                writeFully(channel, length);
                writeFully(channel, ByteBuffer.wrap(header));
                OutputStream out = Channels.newOutputStream(channel);
                for (Map.Entry<String, Tensor> entry : dataOrder) {
                    writeLittleEndian(channel, out, entry.getValue());
                }
                channel.force(true);
            }
            moveIntoPlace(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static byte[] header(Map<String, Tensor> byName, Map<String, long[]> offsets) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject(METADATA_KEY).put("format", FORMAT);
        for (Map.Entry<String, Tensor> entry : byName.entrySet()) {
            ObjectNode info = root.putObject(entry.getKey());
            info.put("dtype", entry.getValue().dataType().asSafetensors());
            ArrayNode shape = info.putArray("shape");
            for (long dimension : entry.getValue().shape()) {
                shape.add(dimension);
            }
            long[] range = offsets.get(entry.getKey());
            info.putArray("data_offsets").add(range[0]).add(range[1]);
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padding = (int) ((ALIGNMENT - (Long.BYTES + json.length) % ALIGNMENT) % ALIGNMENT);
        byte[] padded = Arrays.copyOf(json, json.length + padding);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    private static void writeLittleEndian(FileChannel channel, OutputStream out, Tensor tensor) throws IOException {
        ByteBuffer data = tensor.data().duplicate().order(tensor.data().order());
        if (data.order() == ByteOrder.LITTLE_ENDIAN) {
            writeFully(channel, data);
            return;
        }
        int elementSize = tensor.dataType().getNumOfBytes();
        byte[] chunk = new byte[Math.min(data.remaining(), 1 << 20)];
        while (data.hasRemaining()) {
            int length = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, length);
            for (int start = 0; start < length; start += elementSize) {
                for (int low = start, high = start + elementSize - 1; low < high; low++, high--) {
                    byte swapped = chunk[low];
                    chunk[low] = chunk[high];
                    chunk[high] = swapped;
                }
            }
            out.write(chunk, 0, length);
        }
        out.flush();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void moveIntoPlace(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
