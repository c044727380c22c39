package org.regiontag.engine.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.regiontag.db.UserInputException;
import org.regiontag.engine.clip.CheckpointMapping.Combine;
import org.regiontag.engine.clip.CheckpointMapping.Source;
import org.regiontag.engine.clip.nn.ClipBlock;
import org.regiontag.engine.clip.nn.NamedParameter;
import org.regiontag.engine.clip.safetensors.SafetensorsFile;
import org.regiontag.engine.clip.safetensors.TensorInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a {@link ClipBlock}'s parameters from a safetensors file through the layout's
 * {@link CheckpointMapping} table. Every tensor's presence, dtype and shape is checked against
 * the configuration before the first one is read, so a wrong file fails fast and names the tensor.
 */
final class CheckpointLoader {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointLoader.class);
    /** How many missing tensor names an error lists before it only counts them. */
    private static final int MISSING_NAMES_SHOWN = 5;

    private CheckpointLoader() {
    }

    static void load(ClipBlock block, SafetensorsFile weights, NDManager manager) {
        Map<String, Source> table = CheckpointMapping.forConfig(block.config());
        Map<String, NamedParameter> parameters = block.namedParameters();

        checkAllPresent(weights, table, parameters);
        for (Map.Entry<String, NamedParameter> entry : parameters.entrySet()) {
            checkShapes(weights, table.get(entry.getKey()), entry.getValue().shape());
        }

        Set<String> used = new HashSet<>();
        for (Map.Entry<String, NamedParameter> entry : parameters.entrySet()) {
            Source source = table.get(entry.getKey());
            used.addAll(source.names());
            NDArray array = read(weights, source, manager);
            entry.getValue().parameter().setArray(array);
        }

        long ignored = weights.tensors().stream().filter(info -> !used.contains(info.name())).count();
        if (ignored > 0) {
            // Hugging Face checkpoints carry integer position_ids buffers that no computation needs.
            LOG.debug("{}: ignored {} tensors that the model does not use", weights.file(), ignored);
        }
    }

    private static void checkAllPresent(SafetensorsFile weights, Map<String, Source> table,
            Map<String, NamedParameter> parameters) {
        List<String> missing = new ArrayList<>();
        for (String name : parameters.keySet()) {
            Source source = table.get(name);
            if (source == null) {
                throw new IllegalStateException("no checkpoint mapping for parameter " + name);
            }
            source.names().stream().filter(tensor -> weights.tensor(tensor).isEmpty()).forEach(missing::add);
        }
        if (missing.size() == 1) {
            weights.require(missing.get(0));
        }
        if (!missing.isEmpty()) {
            String shown = String.join("', '", missing.subList(0, Math.min(MISSING_NAMES_SHOWN, missing.size())));
            throw new UserInputException(ClipMessages.format("checkpoint.missingTensors", weights.file(),
                    missing.size(), "'" + shown + "'"));
        }
    }

    private static void checkShapes(SafetensorsFile weights, Source source, Shape declared) {
        long[] expected = declared.getShape();
        for (String name : source.names()) {
            TensorInfo info = weights.require(name);
            long[] sourceExpected = switch (source.combine()) {
                case COPY -> expected;
                case TRANSPOSE -> reversed(expected);
                case CONCAT -> firstAxisDivided(expected, source.names().size());
            };
            if (!java.util.Arrays.equals(info.shape(), sourceExpected)) {
                throw new UserInputException(ClipMessages.format("checkpoint.shape", weights.file(), name,
                        info.shapeText(), TensorInfo.formatShape(sourceExpected)));
            }
        }
    }

    private static NDArray read(SafetensorsFile weights, Source source, NDManager manager) {
        if (source.combine() == Combine.CONCAT) {
            NDList parts = new NDList();
            for (String name : source.names()) {
                parts.add(weights.toNDArray(manager, name));
            }
            NDArray combined = NDArrays.concat(parts, 0); // (parts * rows, ...)
            parts.close();
            return combined;
        }
        NDArray array = weights.toNDArray(manager, source.names().get(0));
        if (source.combine() == Combine.TRANSPOSE) {
            NDArray transposed = array.transpose().duplicate(); // (columns, rows)
            array.close();
            return transposed;
        }
        return array;
    }

    private static long[] reversed(long[] shape) {
        long[] result = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            result[i] = shape[shape.length - 1 - i];
        }
        return result;
    }

    private static long[] firstAxisDivided(long[] shape, int parts) {
        long[] result = shape.clone();
        result[0] = shape[0] / parts;
        return result;
    }
}
