package org.regiontag.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.regiontag.engine.train.heads.HeadOutput;
import org.regiontag.engine.train.heads.MatchingHead;
import org.regiontag.engine.train.heads.MatchingHeads;
import org.regiontag.engine.train.text.TextEmbeddings;
import org.regiontag.engine.train.text.TextSide;

/**
 * The trainable part of TRM-ML: a text side that produces g⁺ and g⁻, and the matching head of the
 * config, with every trainable tensor in one {@link TrainableParameters}. Under
 * {@link TrainingConfig#promptPrior()} it also adds the frozen {@link PromptPrior} to the head's logits.
 */
public final class TrmModel {

    private final TrainableParameters parameters;
    private final TextSide textSide;
    private final MatchingHead head;
    private final PromptPrior prior;
    private final PromptPrior.Frozen frozenPrior;

    private TrmModel(TrainableParameters parameters, TextSide textSide, MatchingHead head, PromptPrior prior) {
        this.parameters = parameters;
        this.textSide = textSide;
        this.head = head;
        this.prior = prior;
        this.frozenPrior = prior == null ? null : prior.frozen(parameters.manager(), parameters.dataType());
    }

    /**
     * Builds a model whose tensors live in {@code manager}, starting from {@code state} where it has a
     * tensor and from the initial values otherwise (seeded by {@link TrainingConfig#seed()}).
     *
     * <p>Under {@link TrainingConfig#promptPrior()}, the prior is the spec's when it has one (a round
     * refits it on its labels), otherwise the one saved in {@code state}; a version trained before
     * the prior existed has none and is scored without it.
     */
    public static TrmModel create(NDManager manager, DataType dataType, TrainingConfig config, ModelSpec spec,
            TensorState state) {
        TrainableParameters parameters = TrainableParameters.fromState(manager, dataType, state);
        PromptPrior prior = !config.promptPrior() ? null
                : spec.prior() != null ? spec.prior() : PromptPrior.fromState(state).orElse(null);
        return create(parameters, config, spec, prior);
    }

    /** Builds a model in a given parameter registry, as gradient checks do with perturbed values. */
    public static TrmModel create(TrainableParameters parameters, TrainingConfig config, ModelSpec spec) {
        return create(parameters, config, spec, config.promptPrior() ? spec.prior() : null);
    }

    private static TrmModel create(TrainableParameters parameters, TrainingConfig config, ModelSpec spec,
            PromptPrior prior) {
        Random random = new Random(config.seed());
        TextSide textSide = spec.textSide().create(parameters);
        if (textSide.categories() != spec.categories() || textSide.embedDim() != spec.embedDim()) {
            throw new IllegalArgumentException("the text side has " + textSide.categories() + " categories of width "
                    + textSide.embedDim() + "; the spec has " + spec.categories() + " of width " + spec.embedDim());
        }
        MatchingHead head = MatchingHeads.create(config, parameters, spec.categoryQueries(), random);
        return new TrmModel(parameters, textSide, head, prior);
    }

    /**
     * Runs the text side and the head on a batch.
     *
     * @param batch dense (B, h, w, d) and global (B, d) features
     * @return the head's output and the text embeddings it used
     */
    public Forward forward(FeatureBatch batch) {
        DataType dataType = parameters.dataType();
        NDArray dense = batch.dense().toType(dataType, false); // (B, h, w, d)
        NDArray global = batch.global().toType(dataType, false); // (B, d)
        TextEmbeddings text = textSide.embed();
        HeadOutput output = head.forward(dense, global, text);
        if (frozenPrior != null) {
            output = new HeadOutput(output.logits().add(frozenPrior.logits(global)), output.regionMaps(),
                    output.regionFeatures());
        }
        return new Forward(output, text, global);
    }

    /**
     * The outputs of one forward pass.
     *
     * @param head logits (B, C), region maps (B, C, h, w) and region features (B, C, d)
     * @param text g⁺ and g⁻, each (C, d)
     * @param global the batch's global embeddings in the model's data type, (B, d)
     */
    public record Forward(HeadOutput head, TextEmbeddings text, NDArray global) {
    }

    public TrainableParameters parameters() {
        return parameters;
    }

    public List<Parameter> parameterList() {
        return parameters.parameters();
    }

    public MatchingHead head() {
        return head;
    }

    public TextSide textSide() {
        return textSide;
    }

    /** Copies every trainable tensor out of the engine, with the prompt prior if the model has one. */
    public TensorState snapshot() {
        TensorState trained = parameters.snapshot();
        if (prior == null) {
            return trained;
        }
        List<NamedTensor> tensors = new ArrayList<>(trained.tensors());
        tensors.addAll(prior.tensors());
        return TensorState.of(tensors);
    }
}
