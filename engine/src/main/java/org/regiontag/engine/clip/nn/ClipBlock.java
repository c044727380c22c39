package org.regiontag.engine.clip.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.regiontag.engine.clip.ClipConfig;
import org.regiontag.engine.clip.VitConfig;
import org.regiontag.engine.clip.resnet.ModifiedResNet;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;

/**
 * The two towers of CLIP and its learned temperature {@code logit_scale} (stored as a log, as
 * OpenAI's code does: the logits are {@code exp(logit_scale) * cos}).
 *
 * <p>The image tower is a {@link VisionTransformer} or a {@link ModifiedResNet}, as the
 * configuration's {@code vision} says; {@link #visual()} and {@link #resNet()} return it.
 *
 * <p>{@link #forwardInternal} takes pixels {@code (batch, 3, height, width)}, token ids
 * {@code (batch, tokens)} and end-of-text positions {@code (batch,)} and returns the image and
 * text embeddings {@code (batch, embedDim)} each, for training from scratch; inference goes
 * through the towers directly.
 */
public final class ClipBlock extends ClipBaseBlock {

    /** CLIP's initial temperature of 0.07, as a log of its inverse: ln(1 / 0.07). */
    private static final float INITIAL_LOGIT_SCALE = (float) Math.log(1 / 0.07);

    private final ClipConfig config;
    /** The ViT image tower, or {@code null} when the tower is a ResNet. */
    private final VisionTransformer visual;
    /** The ResNet image tower, or {@code null} when the tower is a ViT. */
    private final ModifiedResNet resNet;
    private final TextTransformer text;
    private final Parameter logitScale;

    public ClipBlock(ClipConfig config) {
        this.config = config;
        if (config.vision() instanceof VitConfig vit) {
            this.visual = addChildBlock("visual", new VisionTransformer(vit, config.embedDim()));
            this.resNet = null;
        } else if (config.vision() instanceof ResNetVisionConfig resNetConfig) {
            this.visual = null;
            this.resNet = addChildBlock("visual", new ModifiedResNet(resNetConfig));
        } else {
            throw new IllegalArgumentException("unsupported vision tower: " + config.vision().type());
        }
        this.text = addChildBlock("text", new TextTransformer(config.text(), config.embedDim()));
        this.logitScale = addParameter(constantParameter("logit_scale", Parameter.Type.OTHER, INITIAL_LOGIT_SCALE));
    }

    public ClipConfig config() {
        return config;
    }

    /**
     * Returns the ViT image tower.
     *
     * @throws IllegalStateException when the image tower is a ResNet ({@link #isResNet()})
     */
    public VisionTransformer visual() {
        if (visual == null) {
            throw new IllegalStateException("the image tower is a ResNet; use resNet()");
        }
        return visual;
    }

    /**
     * Returns the ResNet image tower.
     *
     * @throws IllegalStateException when the image tower is a ViT
     */
    public ModifiedResNet resNet() {
        if (resNet == null) {
            throw new IllegalStateException("the image tower is a ViT; use visual()");
        }
        return resNet;
    }

    /** Returns whether the image tower is a ResNet rather than a ViT. */
    public boolean isResNet() {
        return resNet != null;
    }

    public TextTransformer text() {
        return text;
    }

    /** Returns the scalar parameter {@code logit_scale}, the log of the logits' multiplier. */
    public Parameter logitScale() {
        return logitScale;
    }

    /**
     * Lists every parameter under OpenAI's names: {@code visual.*} for the image tower, the text tower's
     * names at the top level ({@code token_embedding.weight}, {@code ln_final.bias}) and
     * {@code logit_scale}, in a stable order.
     */
    public Map<String, NamedParameter> namedParameters() {
        Map<String, NamedParameter> named = new LinkedHashMap<>();
        collectParameters("", named);
        return named;
    }

    @Override
    public void collectParameters(String prefix, Map<String, NamedParameter> into) {
        if (resNet != null) {
            resNet.collectParameters(prefix + ModifiedResNet.CHECKPOINT_PREFIX, into);
        } else {
            visual.collectParameters(prefix + "visual.", into);
        }
        text.collectParameters(prefix, into);
        put(into, prefix, logitScale);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray image = resNet != null
                ? resNet.encode(store, inputs.get(0), training).imageEmbeds() // (batch, embedDim)
                : visual.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow(); // (batch, embedDim)
        NDList texts = text.forward(store, new NDList(inputs.get(1), inputs.get(2)), training);
        return new NDList(image, texts.singletonOrThrow());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (resNet != null) {
            resNet.initialize(manager, dataType, inputShapes[0]);
        } else {
            visual.initialize(manager, dataType, inputShapes[0]);
        }
        text.initialize(manager, dataType, inputShapes[1], inputShapes[2]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            new Shape(inputShapes[0].get(0), config.embedDim()), new Shape(inputShapes[1].get(0), config.embedDim()),
        };
    }
}
