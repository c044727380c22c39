package org.regiontag.engine.demo.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.regiontag.engine.clip.ClipConfig;
import org.regiontag.engine.clip.ClipConfigWriter;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.SafetensorsWriter;
import org.regiontag.engine.clip.nn.ClipBlock;
import org.regiontag.engine.clip.nn.NamedParameter;
import org.regiontag.engine.train.NoGradient;

/**
 * The model under pretraining: a {@link ClipBlock} with a ResNet image tower, initialised at
 * random, plus the four scalars of the loss heads ({@link PretrainObjective.Heads}), which only
 * training needs and the checkpoint leaves out.
 */
final class PretrainModel {

    /** Prefix of the loss heads' scalars in a training state. */
    static final String HEAD_PREFIX = "head.";
    /**
     * The largest {@code logit_scale}: CLIP clamps it at ln(100) so that the contrastive logits
     * cannot grow without bound.
     */
    static final double MAX_LOGIT_SCALE = Math.log(100);

    private final ClipBlock block;
    private final Map<String, NDArray> heads = new LinkedHashMap<>();

    private PretrainModel(ClipBlock block) {
        this.block = block;
    }

    /**
     * Creates the model with random weights in {@code manager}.
     *
     * <p>The heads start where the recipe starts them: both scales at 10, the image bias at
     * −1.5 (the log-odds of the 18.8% share of images that show a given category) and the patch
     * bias at −3 (most cells show no given category).
     */
    static PretrainModel create(ClipConfig config, NDManager manager) {
        ClipBlock block = new ClipBlock(config);
        int size = config.vision().imageSize();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size), new Shape(1, 8), new Shape(1));
        PretrainModel model = new PretrainModel(block);
        model.addHead(manager, "image_scale", 10f);
        model.addHead(manager, "image_bias", -1.5f);
        model.addHead(manager, "patch_scale", 10f);
        model.addHead(manager, "patch_bias", -3f);
        return model;
    }

    private void addHead(NDManager manager, String name, float value) {
        NDArray scalar = manager.create(value); // ()
        scalar.setRequiresGradient(true);
        heads.put(name, scalar);
    }

    ClipBlock block() {
        return block;
    }

    PretrainObjective.Heads heads() {
        Parameter logitScale = block.logitScale();
        return new PretrainObjective.Heads(heads.get("image_scale"), heads.get("image_bias"), heads.get("patch_scale"),
                heads.get("patch_bias"), logitScale.getArray());
    }

    /**
     * Returns every array that training updates, by name: the block's parameters under OpenAI's
     * names except the batch-norm running statistics (which forward passes update), and the heads.
     */
    Map<String, NDArray> trainable() {
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        for (Map.Entry<String, NamedParameter> entry : block.namedParameters().entrySet()) {
            if (entry.getValue().parameter().requiresGradient()) {
                trainable.put(entry.getKey(), entry.getValue().parameter().getArray());
            }
        }
        heads.forEach((name, array) -> trainable.put(HEAD_PREFIX + name, array));
        return trainable;
    }

    /** Returns every array of the training state, by name: all of the block's and the heads. */
    Map<String, NDArray> stateArrays() {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        block.namedParameters().forEach((name, parameter) -> arrays.put(name, parameter.parameter().getArray()));
        heads.forEach((name, array) -> arrays.put(HEAD_PREFIX + name, array));
        return arrays;
    }

    /** Counts the block's trainable values (the checkpoint's parameters without the running statistics). */
    long parameterCount() {
        long count = 0;
        for (NamedParameter parameter : block.namedParameters().values()) {
            if (parameter.parameter().requiresGradient()) {
                count += parameter.shape().size();
            }
        }
        return count;
    }

    /** Clamps {@code logit_scale} to at most {@link #MAX_LOGIT_SCALE}, as CLIP does after each step. */
    void clampLogitScale() {
        try (NoGradient noGradient = NoGradient.enter(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray logitScale = block.logitScale().getArray();
            if (logitScale.getFloat() > MAX_LOGIT_SCALE) {
                logitScale.subi(logitScale).addi((float) MAX_LOGIT_SCALE);
            }
        }
    }

    /**
     * Writes the checkpoint folder: {@code config.json}, {@code model.safetensors} with every
     * tensor in float16 (halving the file; the engine computes in float32 either way) and the
     * tokenizer. Each file is written atomically.
     */
    void writeCheckpoint(Path folder, DemoTokenizer tokenizer) throws IOException {
        Files.createDirectories(folder);
        ClipConfigWriter.write(folder.resolve(ClipModel.CONFIG_FILE), block.config());
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        try (NoGradient noGradient = NoGradient.enter(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NamedParameter> entry : block.namedParameters().entrySet()) {
                NDArray half = entry.getValue().parameter().getArray().toType(DataType.FLOAT16, true);
                tensors.put(entry.getKey(), SafetensorsWriter.Tensor.of(half));
            }
        }
        SafetensorsWriter.write(folder.resolve(ClipModel.WEIGHTS_FILE), tensors);
        tokenizer.write(folder.resolve(ClipModel.TOKENIZER_FILE));
    }
}
