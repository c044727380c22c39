package org.regiontag.engine.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One cached image: its global embedding {@code (embedDim)} and dense map
 * {@code (height, width, embedDim)}, float16, read through a memory map.
 *
 * <p>File layout (little-endian), one file per image:
 * <pre>
 *  offset  size  field
 *       0     4  magic "RTFC"
 *       4     2  format version (1)
 *       6     2  dtype (1 = IEEE float16)
 *       8     4  embedDim
 *      12     4  height of the dense map
 *      16     4  width of the dense map
 *      20     4  CRC-32C of the payload
 *      24     8  reserved, zero
 *      32        payload: global (embedDim) then dense (height, width, embedDim), row-major
 * </pre>
 * The file length must be exactly header plus payload, and the checksum must match; otherwise
 * {@link #read} throws {@link CorruptEntryException}. Entries are immutable once written.
 */
public final class FeatureEntry {

    /** Version of the layout above; part of the cache key, so a new layout starts new folders. */
    public static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 32;
    private static final int MAGIC = 0x43465452; // "RTFC" read as a little-endian int
    private static final int DTYPE_FLOAT16 = 1;

    private final Path file;
    private final FeatureShape shape;
    private final ByteBuffer global;
    private final ByteBuffer dense;

    private FeatureEntry(Path file, FeatureShape shape, ByteBuffer global, ByteBuffer dense) {
        this.file = file;
        this.shape = shape;
        this.global = global;
        this.dense = dense;
    }

    public Path file() {
        return file;
    }

    public FeatureShape shape() {
        return shape;
    }

    /**
     * Returns the global embedding as float16 bytes {@code (embedDim)}: a read-only,
     * little-endian view of the mapped file, with no copy.
     */
    public ByteBuffer globalHalf() {
        return global.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Returns the dense map as float16 bytes {@code (height, width, embedDim)}, read-only and mapped. */
    public ByteBuffer denseHalf() {
        return dense.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Returns the global embedding widened to floats, {@code (embedDim)}. */
    public float[] global() {
        float[] values = new float[shape.embedDim()];
        Float16.toFloats(globalHalf(), values, 0, values.length);
        return values;
    }

    /** Returns the dense map widened to floats, {@code (height, width, embedDim)} row-major. */
    public float[] dense() {
        float[] values = new float[shape.denseLength()];
        Float16.toFloats(denseHalf(), values, 0, values.length);
        return values;
    }

    /** Widens the global embedding into {@code target} at its position, which advances by embedDim. */
    public void copyGlobalTo(FloatBuffer target) {
        Float16.toFloats(globalHalf(), target, shape.embedDim());
    }

    /** Widens the dense map into {@code target} at its position, which advances by its length. */
    public void copyDenseTo(FloatBuffer target) {
        Float16.toFloats(denseHalf(), target, shape.denseLength());
    }

    /**
     * Creates the global embedding as a float32 NDArray {@code (embedDim)} of {@code manager}. The
     * engine reads the mapped float16 bytes directly and converts them natively (on the manager's
     * device), so no copy is made in Java.
     */
    public NDArray globalArray(NDManager manager) {
        return widenNatively(manager, global, new Shape(shape.embedDim()));
    }

    /** Creates the dense map as a float32 NDArray {@code (height, width, embedDim)} of {@code manager}. */
    public NDArray denseArray(NDManager manager) {
        return widenNatively(manager, dense, new Shape(shape.height(), shape.width(), shape.embedDim()));
    }

    private static NDArray widenNatively(NDManager manager, ByteBuffer halves, Shape shape) {
        // NOTE: on the CPU, PyTorch wraps the mapped read-only memory without copying it. The
        // float16 array must therefore never be written to, and it lives only until the float32
        // copy exists. The file is little-endian, the native order of x86-64 and arm64.
        try (NDArray half = manager.create(halves.duplicate(), shape, DataType.FLOAT16)) {
            return half.toType(DataType.FLOAT32, true);
        }
    }

    /**
     * Maps and checks an entry file.
     *
     * @throws java.nio.file.NoSuchFileException when there is no entry
     * @throws CorruptEntryException when the file is not a complete, intact entry of {@code expected}
     */
    static FeatureEntry read(Path file, FeatureShape expected) throws IOException {
        ByteBuffer payload;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // Keep reading: a read may return fewer bytes than asked for.
            }
            if (header.hasRemaining()) {
                throw new CorruptEntryException(file, "has " + channel.size() + " bytes, less than its "
                        + HEADER_BYTES + "-byte header");
            }
            checkHeader(file, header, expected);

            long expectedSize = HEADER_BYTES + expected.payloadBytes();
            if (channel.size() != expectedSize) {
                throw new CorruptEntryException(file, "has " + channel.size() + " bytes, expected " + expectedSize);
            }
            payload = channel.map(FileChannel.MapMode.READ_ONLY, HEADER_BYTES, expected.payloadBytes());
            CRC32C crc = new CRC32C();
            crc.update(payload.duplicate());
            if ((int) crc.getValue() != header.getInt(20)) {
                throw new CorruptEntryException(file, "fails its checksum (the data was damaged after it was written)");
            }
        }

        int globalBytes = 2 * expected.embedDim();
        ByteBuffer global = payload.slice(0, globalBytes).asReadOnlyBuffer();
        ByteBuffer dense = payload.slice(globalBytes, 2 * expected.denseLength()).asReadOnlyBuffer();
        return new FeatureEntry(file, expected, global, dense);
    }

    /**
     * Encodes an entry: the header, then the floats of {@code global} and {@code dense} (their
     * remaining values, which must number embedDim and height * width * embedDim) as float16.
     */
    static ByteBuffer encode(FeatureShape shape, FloatBuffer global, FloatBuffer dense) {
        checkLength("global embedding", global.remaining(), shape.embedDim(), shape);
        checkLength("dense map", dense.remaining(), shape.denseLength(), shape);

        ByteBuffer buffer = newEntryBuffer(shape);
        Float16.fromFloats(global.duplicate(), buffer);
        Float16.fromFloats(dense.duplicate(), buffer);
        return finish(buffer);
    }

    /**
     * Encodes an entry from float16 bytes (little-endian) that are already narrowed, such as an
     * NDArray converted by the engine: {@code global} {@code (embedDim)} and {@code dense}
     * {@code (height, width, embedDim)}, their remaining bytes.
     */
    static ByteBuffer encodeHalves(FeatureShape shape, ByteBuffer global, ByteBuffer dense) {
        checkLength("global embedding", global.remaining() / 2, shape.embedDim(), shape);
        checkLength("dense map", dense.remaining() / 2, shape.denseLength(), shape);

        ByteBuffer buffer = newEntryBuffer(shape);
        buffer.put(global.duplicate());
        buffer.put(dense.duplicate());
        return finish(buffer);
    }

    private static void checkLength(String what, int length, int expected, FeatureShape shape) {
        if (length == expected) {
            return;
        }
        if (what.equals("global embedding")) {
            throw new IllegalArgumentException("global embedding has " + length + " values, expected embedDim "
                    + shape.embedDim());
        }
        throw new IllegalArgumentException("dense map has " + length + " values, expected " + shape.height() + " x "
                + shape.width() + " x " + shape.embedDim());
    }

    private static ByteBuffer newEntryBuffer(FeatureShape shape) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(HEADER_BYTES + shape.payloadBytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) DTYPE_FLOAT16)
                .putInt(shape.embedDim()).putInt(shape.height()).putInt(shape.width());
        return buffer.position(HEADER_BYTES);
    }

    /** Writes the payload's checksum into the header and rewinds the buffer. */
    private static ByteBuffer finish(ByteBuffer buffer) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), HEADER_BYTES, buffer.capacity() - HEADER_BYTES);
        buffer.putInt(20, (int) crc.getValue());
        return buffer.rewind();
    }

    private static void checkHeader(Path file, ByteBuffer header, FeatureShape expected) throws CorruptEntryException {
        if (header.getInt(0) != MAGIC) {
            throw new CorruptEntryException(file, "is not a RegionTag feature file (wrong magic number)");
        }
        int version = header.getShort(4) & 0xffff;
        if (version != FORMAT_VERSION) {
            throw new CorruptEntryException(file, "has format version " + version + ", expected " + FORMAT_VERSION);
        }
        int dtype = header.getShort(6) & 0xffff;
        if (dtype != DTYPE_FLOAT16) {
            throw new CorruptEntryException(file, "has dtype code " + dtype + ", expected 1 (float16)");
        }
        int embedDim = header.getInt(8);
        int height = header.getInt(12);
        int width = header.getInt(16);
        if (embedDim != expected.embedDim() || height != expected.height() || width != expected.width()) {
            throw new CorruptEntryException(file, "has shape " + describe(embedDim, height, width) + ", expected "
                    + describe(expected.embedDim(), expected.height(), expected.width()));
        }
    }

    private static String describe(int embedDim, int height, int width) {
        return "global (" + embedDim + ") and dense (" + height + ", " + width + ", " + embedDim + ")";
    }
}
