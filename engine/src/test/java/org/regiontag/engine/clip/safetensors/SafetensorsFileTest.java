package org.regiontag.engine.clip.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.Djl;

class SafetensorsFileTest {

    @TempDir
    Path temp;

    /** Writes a file from a header text and data bytes, as the format lays them out. */
    private Path file(String header, byte[] data) throws IOException {
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + headerBytes.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(headerBytes.length).put(headerBytes).put(data);
        Path path = temp.resolve("model.safetensors");
        Files.write(path, buffer.array());
        return path;
    }

    private static byte[] littleEndian(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static byte[] shorts(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            buffer.putShort((short) value);
        }
        return buffer.array();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }

    @Test
    void readsFloatTypesAndSkipsNothingInTheHeader() throws IOException {
        // F16 0x3C00 = 1, 0xC000 = -2, 0x0001 = 2^-24; BF16 0x3F80 = 1, 0x4049 = 3.140625.
        byte[] data = concat(littleEndian(1.5f, -2f, 3f, 4.25f), shorts(0x3C00, 0xC000, 0x0001), shorts(0x3F80, 0x4049),
                new byte[16]);
        Path path = file("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[16,22]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[22,26]},"
                + "\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[26,42]}}", data);

        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertThat(file.metadata()).containsEntry("format", "pt");
            assertThat(file.tensors()).extracting(TensorInfo::name).containsExactly("a", "h", "b", "ids");
            assertThat(file.readFloats("a")).containsExactly(1.5f, -2f, 3f, 4.25f);
            assertThat(file.readFloats("h")).containsExactly(1f, -2f, 0x1p-24f);
            assertThat(file.readFloats("b")).containsExactly(1f, 3.140625f);
            assertThatThrownBy(() -> file.readFloats("ids"))
                    .isInstanceOf(UserInputException.class)
                    .hasMessageContaining("'ids' has dtype I64");
        }
    }

    @Test
    void createsFloat32ArraysFromEveryFloatType() throws IOException {
        byte[] data = concat(littleEndian(1.5f, -2f, 3f, 4.25f), shorts(0x3C00, 0xC000), shorts(0x3F80, 0x4049));
        Path path = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2,1],\"data_offsets\":[16,20]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[20,24]}}", data);

        try (SafetensorsFile file = SafetensorsFile.open(path); NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray a = file.toNDArray(manager, "a");
            NDArray h = file.toNDArray(manager, "h");
            NDArray b = file.toNDArray(manager, "b");

            assertThat(a.getShape()).isEqualTo(new Shape(2, 2));
            assertThat(a.toFloatArray()).containsExactly(1.5f, -2f, 3f, 4.25f);
            assertThat(h.getShape()).isEqualTo(new Shape(2, 1));
            assertThat(h.toFloatArray()).containsExactly(1f, -2f);
            assertThat(b.toFloatArray()).containsExactly(1f, 3.140625f);
        }
    }

    @Test
    void scalarAndEmptyTensorsAreValid() throws IOException {
        Path path = file("{\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[4,4]}}", littleEndian(4.6f));

        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertThat(file.readFloats("s")).containsExactly(4.6f);
            assertThat(file.readFloats("e")).isEmpty();
        }
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> SafetensorsFile.open(temp.resolve("none.safetensors")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("none.safetensors")
                .hasMessageContaining("not found");
    }

    @Test
    void shortFileIsRejected() throws IOException {
        Path path = temp.resolve("short.safetensors");
        Files.write(path, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("short.safetensors")
                .hasMessageContaining("fewer than the 8-byte header length");
    }

    @Test
    void headerLengthBeyondFileIsRejectedBeforeAllocation() throws IOException {
        Path path = temp.resolve("huge.safetensors");
        ByteBuffer buffer = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE - 3);
        Files.write(path, buffer.array());

        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("header length field says " + (Long.MAX_VALUE - 3))
                .hasMessageContaining("only 8 bytes follow");
    }

    @Test
    void invalidJsonIsRejected() throws IOException {
        Path path = file("{\"a\":{\"dtype\":", new byte[0]);

        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("header is not valid JSON");
    }

    @Test
    void nonObjectHeaderIsRejected() throws IOException {
        assertThatThrownBy(() -> SafetensorsFile.open(file("[1, 2]", new byte[0])))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void unknownDtypeNamesTensorAndChoices() throws IOException {
        Path path = file("{\"w\":{\"dtype\":\"F12\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);

        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("unknown dtype 'F12'")
                .hasMessageContaining("BF16");
    }

    @Test
    void sizeMismatchIsRejected() throws IOException {
        Path path = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", new byte[24]);

        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("F32 of shape (2, 3) needs 24 bytes but data_offsets span 20 bytes");
    }

    @Test
    void hugeShapeIsRejectedWithoutOverflow() throws IOException {
        Path path = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}",
                new byte[4]);

        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("more elements than any file can hold");
    }

    @Test
    void offsetsOutsideDataAreRejected() throws IOException {
        Path path = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000000],\"data_offsets\":[0,4000000000]}}",
                new byte[8]);

        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("outside the data section of 8 bytes");
    }

    @Test
    void negativeOrMalformedOffsetsAreRejected() throws IOException {
        Path path = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", new byte[8]);

        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("data_offsets must be two non-negative integers");
    }

    @Test
    void overlappingTensorsAreRejected() throws IOException {
        Path path = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);

        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("tensor 'b'")
                .hasMessageContaining("overlap those of tensor 'a'");
    }

    @Test
    void duplicateNamesAreRejected() throws IOException {
        Path path = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]);

        assertThatThrownBy(() -> SafetensorsFile.open(path))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path path = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);

        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertThatThrownBy(() -> file.readFloats("visual.proj"))
                    .isInstanceOf(UserInputException.class)
                    .hasMessageContaining("model.safetensors")
                    .hasMessageContaining("tensor 'visual.proj' not found");
        }
    }

    @Test
    void halfFloatConversionCoversSpecialValues() {
        assertThat(HalfFloats.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloats.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(HalfFloats.halfToFloat((short) 0x7E00)).isNaN();
        assertThat(HalfFloats.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
        assertThat(HalfFloats.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(HalfFloats.halfToFloat((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f);
        assertThat(HalfFloats.halfToFloat((short) 0x3555)).isEqualTo(0.33325195f);
        assertThat(HalfFloats.bfloat16ToFloat((short) 0xBF80)).isEqualTo(-1f);
    }
}
