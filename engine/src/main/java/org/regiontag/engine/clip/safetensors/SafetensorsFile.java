package org.regiontag.engine.clip.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;

/**
 * A safetensors file opened for reading: an 8-byte little-endian header length, a JSON header
 * that names each tensor with its dtype, shape and byte range, then the raw little-endian data.
 *
 * <p>{@link #open} checks the whole header against the file before anything is allocated for the
 * data: the header length is within the file and below the format's 100 MB limit, the JSON is one
 * object, every dtype is a type of the format, every shape's element count times the dtype's size
 * equals the byte range, every range lies inside the data section and no two ranges overlap. The
 * data itself is memory-mapped one tensor at a time, so checkpoints of several gigabytes need no
 * more heap than their largest tensor. Nothing in the file is ever executed.
 *
 * <p>Not thread-safe for {@link #close}; reads from several threads are safe.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The reference implementation's limit, which also keeps a damaged length from allocating gigabytes. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    private static final MessageBundle MESSAGES =
            new MessageBundle("org.regiontag.engine.clip.safetensors.messages", SafetensorsFile.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final byte[] headerBytes;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, byte[] headerBytes,
            Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.headerBytes = headerBytes;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens a file and checks its header.
     *
     * @throws UserInputException when the file is missing, unreadable or not a valid safetensors file;
     *     the message names the file and, where one is at fault, the tensor
     */
    public static SafetensorsFile open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new UserInputException(MESSAGES.format("file.missing", file));
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("file.unreadable", file, e.getMessage()), e);
        }
        try {
            SafetensorsFile opened = readHeader(file, channel);
            return opened;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UserInputException(MESSAGES.format("file.unreadable", file, e.getMessage()), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static SafetensorsFile readHeader(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < Long.BYTES) {
            throw invalid(file, MESSAGES.format("header.tooSmall", fileSize));
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength <= 0 || headerLength > fileSize - Long.BYTES) {
            throw invalid(file, MESSAGES.format("header.lengthOutsideFile", headerLength, fileSize - Long.BYTES));
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw invalid(file, MESSAGES.format("header.tooLarge", headerLength, MAX_HEADER_BYTES));
        }

        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        readFully(channel, header, Long.BYTES);
        byte[] headerBytes = header.array();
        JsonNode root;
        try {
            root = JSON.readTree(headerBytes);
        } catch (JsonProcessingException e) {
            throw invalid(file, MESSAGES.format("header.json", e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, MESSAGES.format("header.notObject"));
        }

        long dataStart = Long.BYTES + headerLength;
        long dataSize = fileSize - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (METADATA_KEY.equals(field.getKey())) {
                metadata.putAll(parseMetadata(file, field.getValue()));
            } else {
                tensors.put(field.getKey(), parseEntry(file, field.getKey(), field.getValue(), dataSize));
            }
        }
        checkNoOverlap(file, tensors.values());
        return new SafetensorsFile(file, channel, dataStart, headerBytes,
                Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        if (!node.isObject()) {
            throw invalid(file, MESSAGES.format("header.metadata"));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                throw invalid(file, MESSAGES.format("header.metadata"));
            }
            metadata.put(entry.getKey(), entry.getValue().asText());
        });
        return metadata;
    }

    private static TensorInfo parseEntry(Path file, String name, JsonNode entry, long dataSize) {
        if (!entry.isObject()) {
            throw invalidTensor(file, name, MESSAGES.format("tensor.notObject"));
        }
        JsonNode dtypeNode = entry.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw invalidTensor(file, name, MESSAGES.format("tensor.dtypeMissing"));
        }
        DType dtype = DType.fromHeader(dtypeNode.asText()).orElseThrow(() -> invalidTensor(file, name,
                MESSAGES.format("tensor.dtypeUnknown", dtypeNode.asText(), List.of(DType.values()))));

        JsonNode shapeNode = entry.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw invalidTensor(file, name, MESSAGES.format("tensor.shapeMissing"));
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dimension = shapeNode.get(i);
            if (!dimension.canConvertToExactIntegral() || !dimension.canConvertToLong() || dimension.asLong() < 0) {
                throw invalidTensor(file, name, MESSAGES.format("tensor.shapeInvalid", shapeNode.toString()));
            }
            shape[i] = dimension.asLong();
        }

        JsonNode offsets = entry.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !isNonNegativeLong(offsets.get(0)) || !isNonNegativeLong(offsets.get(1))) {
            throw invalidTensor(file, name, MESSAGES.format("tensor.offsetsMissing"));
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin > end || end > dataSize) {
            throw invalidTensor(file, name, MESSAGES.format("tensor.offsetsOutsideData", begin, end, dataSize));
        }

        long expectedBytes;
        try {
            long elements = 1;
            for (long dimension : shape) {
                elements = Math.multiplyExact(elements, dimension);
            }
            expectedBytes = Math.multiplyExact(elements, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw invalidTensor(file, name, MESSAGES.format("tensor.shapeOverflow", shapeNode.toString()));
        }
        if (expectedBytes != end - begin) {
            throw invalidTensor(file, name, MESSAGES.format("tensor.sizeMismatch", dtype,
                    TensorInfo.formatShape(shape), expectedBytes, end - begin));
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static boolean isNonNegativeLong(JsonNode node) {
        return node.canConvertToExactIntegral() && node.canConvertToLong() && node.asLong() >= 0;
    }

    private static void checkNoOverlap(Path file, Iterable<TensorInfo> entries) {
        List<TensorInfo> sorted = new ArrayList<>();
        entries.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        TensorInfo previous = null;
        for (TensorInfo info : sorted) {
            // Empty tensors occupy no bytes, so they cannot overlap anything.
            if (info.byteLength() == 0) {
                continue;
            }
            if (previous != null && info.begin() < previous.end()) {
                throw invalidTensor(file, info.name(), MESSAGES.format("tensor.overlap", previous.name(),
                        info.begin(), info.end(), previous.begin(), previous.end()));
            }
            previous = info;
        }
    }

    /** The file this was opened from. */
    public Path file() {
        return file;
    }

    /** The optional {@code __metadata__} string map of the header. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Every tensor entry, in header order. */
    public List<TensorInfo> tensors() {
        return List.copyOf(tensors.values());
    }

    /** The raw JSON header, for fingerprints of the file's layout. */
    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    /** Offset of the data section from the start of the file. */
    public long dataStart() {
        return dataStart;
    }

    /** The entry of a tensor, or empty when the file has none of that name. */
    public Optional<TensorInfo> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /**
     * The entry of a tensor that must exist.
     *
     * @throws UserInputException naming the file and the tensor when it is absent
     */
    public TensorInfo require(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new UserInputException(MESSAGES.format("tensor.missing", file, name));
        }
        return info;
    }

    /**
     * Reads a floating-point tensor into a new float32 array in row-major order; F16, BF16 and F64
     * are converted.
     *
     * @throws UserInputException when the tensor is absent, not floating-point or too large for one Java array
     */
    public float[] readFloats(String name) {
        TensorInfo info = requireFloatingPoint(name);
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new UserInputException(MESSAGES.format("tensor.tooLarge", file, name, info.shapeText()));
        }
        float[] values = new float[(int) count];
        FloatBuffer target = FloatBuffer.wrap(values);
        convertToFloats(info, map(info), target);
        return values;
    }

    /**
     * Creates a float32 NDArray of a floating-point tensor on the given manager. F32 data is copied
     * straight from the mapped file; F16, BF16 and F64 are widened or narrowed to float32 in Java
     * first, because DJL's PyTorch bridge crashes the JVM on BF16 arrays.
     *
     * @return an array of the tensor's shape, owned by {@code manager}
     * @throws UserInputException when the tensor is absent, not floating-point or over 2 GB
     */
    public NDArray toNDArray(NDManager manager, String name) {
        TensorInfo info = requireFloatingPoint(name);
        Shape shape = new Shape(info.shape());
        ByteBuffer data = map(info);
        if (info.dtype() == DType.F32) {
            // The mapped view must not outlive this call (a closed channel or an in-place update
            // would fault), so the array gets its own copy.
            try (NDArray view = manager.create(data, shape, DataType.FLOAT32)) {
                return view.duplicate();
            }
        }
        long floatBytes = Math.multiplyExact(info.elementCount(), (long) Float.BYTES);
        if (floatBytes > Integer.MAX_VALUE) {
            throw new UserInputException(MESSAGES.format("tensor.tooLarge", file, name, info.shapeText()));
        }
        ByteBuffer widened = ByteBuffer.allocateDirect((int) floatBytes).order(ByteOrder.nativeOrder());
        convertToFloats(info, data, widened.asFloatBuffer());
        return manager.create(widened, shape, DataType.FLOAT32);
    }

    private TensorInfo requireFloatingPoint(String name) {
        TensorInfo info = require(name);
        if (!info.dtype().isFloatingPoint()) {
            throw new UserInputException(MESSAGES.format("tensor.notFloatingPoint", file, name, info.dtype()));
        }
        return info;
    }

    private ByteBuffer map(TensorInfo info) {
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new UserInputException(MESSAGES.format("tensor.tooLarge", file, info.name(), info.shapeText()));
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.byteLength())
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("file.unreadable", file, e.getMessage()), e);
        }
    }

    private static void convertToFloats(TensorInfo info, ByteBuffer source, FloatBuffer target) {
        switch (info.dtype()) {
            case F32 -> target.put(source.asFloatBuffer());
            case F64 -> {
                while (source.hasRemaining()) {
                    target.put((float) source.getDouble());
                }
            }
            case F16 -> {
                while (source.hasRemaining()) {
                    target.put(HalfFloats.halfToFloat(source.getShort()));
                }
            }
            case BF16 -> {
                while (source.hasRemaining()) {
                    target.put(HalfFloats.bfloat16ToFloat(source.getShort()));
                }
            }
            default -> throw new IllegalArgumentException("not a floating-point dtype: " + info.dtype());
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long offset = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, offset);
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + offset);
            }
            offset += read;
        }
    }

    private static UserInputException invalid(Path file, String detail) {
        return new UserInputException(MESSAGES.format("file.invalid", file, detail));
    }

    private static UserInputException invalidTensor(Path file, String name, String detail) {
        return new UserInputException(MESSAGES.format("tensor.invalid", file, name, detail));
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The open already failed with a more useful error.
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UserInputException(MESSAGES.format("file.unreadable", file, e.getMessage()), e);
        }
    }
}
