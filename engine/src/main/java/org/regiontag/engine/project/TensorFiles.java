package org.regiontag.engine.project;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.engine.clip.safetensors.SafetensorsFile;
import org.regiontag.engine.clip.safetensors.TensorInfo;
import org.regiontag.engine.train.NamedTensor;
import org.regiontag.engine.train.TensorState;

/**
 * Reads and writes named float32 tensors as safetensors files: an 8-byte little-endian header
 * length, a JSON header (tensors in the given order with contiguous data offsets, and
 * {@code "__metadata__": {"format": "pt"}}) padded with spaces to a multiple of 8 bytes, then the
 * little-endian data. Reading goes through {@link SafetensorsFile}, which checks the header against
 * the file.
 */
public final class TensorFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ALIGNMENT = 8;

    private TensorFiles() {
    }

    /** Writes the tensors of a state to {@code file} (not atomically; callers stage whole folders). */
    public static void write(Path file, TensorState state) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        long offset = 0;
        for (NamedTensor tensor : state.tensors()) {
            long bytes = (long) tensor.valueCount() * Float.BYTES;
            header.put(tensor.name(), Map.of("dtype", "F32", "shape", tensor.shape(),
                    "data_offsets", List.of(offset, offset + bytes)));
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            headerBytes[i] = ' ';
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (NamedTensor tensor : state.tensors()) {
                ByteBuffer data = ByteBuffer.allocate(tensor.valueCount() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(tensor.values());
                out.write(data.array());
            }
        }
    }

    /**
     * Reads every floating-point tensor of a safetensors file, in header order.
     *
     * @throws org.regiontag.db.UserInputException when the file is missing or damaged
     */
    public static TensorState read(Path file) {
        try (SafetensorsFile tensors = SafetensorsFile.open(file)) {
            List<NamedTensor> list = new ArrayList<>();
            for (TensorInfo info : tensors.tensors()) {
                if (info.dtype().isFloatingPoint()) {
                    list.add(new NamedTensor(info.name(), info.shape(), tensors.readFloats(info.name())));
                }
            }
            return TensorState.of(list);
        }
    }
}
