package org.regiontag.engine.clip.openai;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.openai.RestrictedUnpickler.PyObject;
import org.regiontag.engine.clip.openai.RestrictedUnpickler.StorageRef;
import org.regiontag.engine.clip.openai.RestrictedUnpickler.TensorRef;

/**
 * The tensors of a TorchScript archive ({@code torch.jit.save}), read straight from the file.
 *
 * <p>Such an archive is a zip file: {@code <name>/data.pkl} pickles the module tree, where each
 * module's attribute dict contains its submodules, parameters and buffers, and every tensor's bytes
 * are in {@code <name>/data/<key>}. This class reads {@code data.pkl} with
 * {@link RestrictedUnpickler}, which runs none of it, and names every tensor attribute by its
 * module path ({@code visual.bn1.running_mean}). Buffers are the reason it exists: DJL's
 * TorchScript loader returns a module's parameters only, so batch-norm running statistics would be
 * lost. Tensor bytes are read only when asked for.
 */
final class TorchScriptArchive implements AutoCloseable {

    /** A tensor of the archive: element type, shape and where its bytes are. */
    record ArchiveTensor(String name, DataType dataType, long[] shape, TensorRef reference) {
    }

    private final Path file;
    private final ZipFile zip;
    private final String root;
    private final Map<String, ArchiveTensor> tensors;

    private TorchScriptArchive(Path file, ZipFile zip, String root, Map<String, ArchiveTensor> tensors) {
        this.file = file;
        this.zip = zip;
        this.root = root;
        this.tensors = tensors;
    }

    /**
     * Opens an archive and reads its module tree.
     *
     * @throws UserInputException when the file is not a zip file, has no {@code data.pkl}, or its
     *     pickle cannot be read
     */
    static TorchScriptArchive open(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new UserInputException(OpenAiMessages.format("archive.notZip", file));
        }
        try {
            String root = findRoot(file, zip);
            byte[] pickle;
            try (InputStream in = zip.getInputStream(zip.getEntry(root + "data.pkl"))) {
                pickle = in.readAllBytes();
            }
            Object module;
            try {
                module = RestrictedUnpickler.load(pickle);
            } catch (RestrictedUnpickler.PickleException e) {
                throw new UserInputException(OpenAiMessages.format("archive.pickle", file, e.getMessage()), e);
            }
            if (!(module instanceof PyObject object) || !(object.state() instanceof Map)) {
                throw new UserInputException(OpenAiMessages.format("archive.notModule", file));
            }
            Map<String, ArchiveTensor> tensors = new LinkedHashMap<>();
            collectTensors(file, "", object, tensors);
            return new TorchScriptArchive(file, zip, root, Collections.unmodifiableMap(tensors));
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /** Returns every tensor attribute of the module tree, parameters and buffers, by dotted path. */
    Map<String, ArchiveTensor> tensors() {
        return tensors;
    }

    /**
     * Reads a tensor's values as contiguous little-endian bytes in its own element type.
     *
     * @throws UserInputException when the archive lacks the tensor's storage or the view runs past it
     */
    ByteBuffer read(ArchiveTensor tensor) throws IOException {
        StorageRef storage = tensor.reference().storage();
        ZipEntry entry = zip.getEntry(root + "data/" + storage.key());
        if (entry == null) {
            throw new UserInputException(OpenAiMessages.format("archive.storageMissing", file, tensor.name(),
                    root + "data/" + storage.key()));
        }
        int elementSize = tensor.dataType().getNumOfBytes();
        long storageBytes = Math.multiplyExact(storage.elements(), elementSize);
        if (storageBytes > Integer.MAX_VALUE) {
            throw new UserInputException(OpenAiMessages.format("archive.storageTooLarge", file, tensor.name()));
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) storageBytes);
        }
        if (bytes.length != storageBytes) {
            throw new UserInputException(OpenAiMessages.format("archive.storageShort", file, tensor.name(),
                    storageBytes, bytes.length));
        }
        return gather(tensor, ByteBuffer.wrap(bytes), elementSize);
    }

    /** Copies the strided view into a contiguous buffer, element by element along the last axis. */
    private ByteBuffer gather(ArchiveTensor tensor, ByteBuffer storage, int elementSize) {
        long[] shape = tensor.shape();
        long[] stride = tensor.reference().stride();
        long offset = tensor.reference().offset();
        long elements = 1;
        long lastElement = offset;
        for (int axis = 0; axis < shape.length; axis++) {
            elements = Math.multiplyExact(elements, shape[axis]);
            if (shape[axis] > 0) {
                lastElement += (shape[axis] - 1) * stride[axis];
            }
        }
        long storageElements = storage.capacity() / elementSize;
        if (elements > 0 && (offset < 0 || lastElement >= storageElements || lastElement < offset)) {
            throw new UserInputException(OpenAiMessages.format("archive.viewOutside", file, tensor.name()));
        }

        ByteBuffer result = ByteBuffer.allocate(Math.toIntExact(elements * elementSize)).order(ByteOrder.LITTLE_ENDIAN);
        if (elements == 0) {
            return result.flip();
        }
        if (isContiguous(shape, stride)) {
            return result.put(storage.slice((int) (offset * elementSize), (int) (elements * elementSize))).flip();
        }
        long[] index = new long[shape.length];
        for (long count = 0; count < elements; count++) {
            long position = offset;
            for (int axis = 0; axis < shape.length; axis++) {
                position += index[axis] * stride[axis];
            }
            result.put(storage.slice((int) (position * elementSize), elementSize));
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                if (++index[axis] < shape[axis]) {
                    break;
                }
                index[axis] = 0;
            }
        }
        return result.flip();
    }

    private static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            if (shape[axis] != 1 && stride[axis] != expected) {
                return false;
            }
            expected *= shape[axis];
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** Finds the single {@code <name>/data.pkl} and returns {@code <name>/}. */
    private static String findRoot(Path file, ZipFile zip) {
        String root = null;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
                if (root != null) {
                    throw new UserInputException(OpenAiMessages.format("archive.severalModules", file));
                }
                root = name.substring(0, slash + 1);
            }
        }
        if (root == null) {
            throw new UserInputException(OpenAiMessages.format("archive.noDataPkl", file));
        }
        return root;
    }

    private static void collectTensors(Path file, String prefix, PyObject module, Map<String, ArchiveTensor> tensors) {
        Map<?, ?> attributes = (Map<?, ?>) module.state();
        for (Map.Entry<?, ?> attribute : attributes.entrySet()) {
            if (!(attribute.getKey() instanceof String key)) {
                continue;
            }
            Object value = attribute.getValue();
            if (value instanceof TensorRef reference) {
                String name = prefix + key;
                tensors.put(name, new ArchiveTensor(name, dataType(file, name, reference), reference.shape().clone(),
                        reference));
            } else if (value instanceof PyObject child && child.state() instanceof Map
                    && child.type().module().startsWith("__torch__")) {
                collectTensors(file, prefix + key + ".", child, tensors);
            }
        }
    }

    private static DataType dataType(Path file, String name, TensorRef reference) {
        String storage = reference.storage().storageType().name();
        switch (storage) {
            case "FloatStorage":
                return DataType.FLOAT32;
            case "HalfStorage":
                return DataType.FLOAT16;
            case "BFloat16Storage":
                return DataType.BFLOAT16;
            case "DoubleStorage":
                return DataType.FLOAT64;
            case "LongStorage":
                return DataType.INT64;
            case "IntStorage":
                return DataType.INT32;
            case "ByteStorage":
                return DataType.UINT8;
            case "CharStorage":
                return DataType.INT8;
            case "BoolStorage":
                return DataType.BOOLEAN;
            default:
                throw new UserInputException(OpenAiMessages.format("archive.storageType", file, name,
                        reference.storage().storageType().qualifiedName()));
        }
    }
}
