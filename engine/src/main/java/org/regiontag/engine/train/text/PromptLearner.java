package org.regiontag.engine.train.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.clip.ClipTokenizer;
import org.regiontag.engine.clip.nn.TextTransformer;
import org.regiontag.engine.train.ContextInit;
import org.regiontag.engine.train.NoGradient;
import org.regiontag.engine.train.TrainableParameters;
import org.regiontag.engine.train.TrainingConfig;

/**
 * Dual CoOp prompts on CLIP's frozen text encoder: a learnable positive and a learnable negative
 * context, each M token embeddings, in front of every category's name.
 *
 * <p>For category c the encoder reads the token embeddings of
 * <pre>
 *   [SOS] ctx_1 … ctx_M  &lt;tokens of "{prompt name}."&gt;  [EOS]
 * </pre>
 * once with the positive context (giving g⁺_c) and once with the negative one (g⁻_c), as CoOp builds
 * its prompts and DualCoOp pairs them. The contexts are shared by all categories (one M × width
 * matrix per sign) or class-specific (one per category and sign). They start from N(0, std²) or from
 * the token embeddings of a phrase such as "a photo of a"; with a phrase, M is the phrase's token
 * count (as in CoOp) and both signs start equal, so the model's first logits are 0 and training
 * pulls the two apart.
 *
 * <p>Only the contexts are trainable: the start, class-name and end token embeddings are computed
 * once, and the text tower's weights are frozen, so gradients reach the contexts alone. All 2·C
 * prompts run as one batch, padded with end-of-text embeddings only to the longest prompt. The
 * causal mask and the pooling at each prompt's end-of-text token make the result equal to padding
 * to CLIP's 77 tokens, and a prompt of 20 tokens costs about a quarter of one of 77.
 */
public final class PromptLearner implements TextSide {

    public static final String POSITIVE_CONTEXT = "prompt.positiveContext";
    public static final String NEGATIVE_CONTEXT = "prompt.negativeContext";
    /** Mixed into the config's seed, so the contexts' random start differs from the heads'. */
    private static final long SEED_SALT = 0x5DEECE66DL;
    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.engine.train.messages",
            PromptLearner.class);

    private final TrainableParameters parameters;
    private final TextTransformer text;
    private final ParameterStore store;
    private final int categories;
    private final int embedDim;
    private final int contextTokens;
    private final int width;
    private final boolean classSpecific;
    private final NDArray prefix;
    private final NDArray suffix;
    private final NDArray eotPositions;

    private PromptLearner(TrainableParameters parameters, ClipModel clip, Prompts prompts, TrainingConfig config) {
        this.parameters = parameters;
        this.text = clip.text();
        this.store = clip.parameterStore();
        this.categories = prompts.ids().length;
        this.embedDim = clip.config().embedDim();
        this.contextTokens = prompts.contextTokens();
        this.width = clip.config().text().transformer().width();
        this.classSpecific = config.classSpecificContexts();

        NDManager manager = parameters.manager();
        NDArray fixed = tokenEmbeddings(manager, prompts.ids(), prompts.length()); // (C, L, width)
        this.prefix = keep(fixed.get(":, 0:1, :")); // (C, 1, width)
        this.suffix = keep(fixed.get(":, {}:, :", 1 + contextTokens)); // (C, L − 1 − M, width)
        long[] eot = new long[2 * categories];
        for (int c = 0; c < categories; c++) {
            eot[c] = prompts.eotPositions()[c];
            eot[categories + c] = prompts.eotPositions()[c];
        }
        this.eotPositions = keep(manager.create(eot)); // (2C,)
        fixed.close();

        Shape shape = classSpecific ? new Shape(categories, contextTokens, width) : new Shape(contextTokens, width);
        Random random = new Random(config.seed() ^ SEED_SALT);
        float[] phrase = null;
        if (config.contextInit() == ContextInit.PHRASE) {
            try (NDArray embedded = tokenEmbeddings(manager, new long[][] {prompts.phraseIds()},
                    prompts.phraseIds().length)) { // (1, M, width)
                phrase = embedded.toType(DataType.FLOAT32, false).toFloatArray();
            }
        }
        float[] phraseValues = phrase;
        parameters.create(POSITIVE_CONTEXT, shape, () -> initialContext(manager, shape, phraseValues, config, random));
        // Under the prompt prior, the negative context starts as a copy of the positive one: then g⁻ = g⁺,
        // the head's score is zero and the round starts exactly at the prior's scores.
        parameters.create(NEGATIVE_CONTEXT, shape, config.promptPrior()
                ? () -> parameters.array(POSITIVE_CONTEXT).duplicate()
                : () -> initialContext(manager, shape, phraseValues, config, random));
    }

    /**
     * A factory of prompt learners for the given categories.
     *
     * @param clip the frozen CLIP whose text tower and tokenizer the prompts use; it must stay open
     *     while the learner is used
     * @param promptNames each category's prompt name, in column order
     * @param padToContextLength pad every prompt to the context length (77) instead of the longest
     *     prompt; the same result, slower, kept for tests and the benchmark
     * @throws UserInputException when a prompt does not fit in the context length
     */
    public static TextSide.Factory factory(ClipModel clip, List<String> promptNames, TrainingConfig config,
            boolean padToContextLength) {
        if (promptNames.isEmpty()) {
            throw new IllegalArgumentException("at least one category is required");
        }
        Prompts prompts = Prompts.tokenize(clip.tokenizer(), promptNames, config, padToContextLength);
        return parameters -> new PromptLearner(parameters, clip, prompts, config);
    }

    /** The tokens every prompt is built from, computed once per factory. */
    private record Prompts(long[][] ids, long[] eotPositions, long[] phraseIds, int contextTokens, int length) {

        static Prompts tokenize(ClipTokenizer tokenizer, List<String> promptNames, TrainingConfig config,
                boolean padToContextLength) {
            long[] phraseIds = config.contextInit() == ContextInit.PHRASE
                    ? body(tokenizer.encode(config.contextInitPhrase())) : new long[0];
            int contextTokens = config.contextInit() == ContextInit.PHRASE ? phraseIds.length : config.contextLength();
            if (contextTokens == 0) {
                throw new UserInputException(MESSAGES.format("prompt.phraseEmpty", config.contextInitPhrase()));
            }
            long[][] names = new long[promptNames.size()][];
            int longest = 0;
            for (int c = 0; c < names.length; c++) {
                names[c] = body(tokenizer.encode(promptNames.get(c) + "."));
                int length = names[c].length + contextTokens + 2;
                if (length > tokenizer.contextLength()) {
                    throw new UserInputException(MESSAGES.format("prompt.tooLong", promptNames.get(c), length,
                            contextTokens, tokenizer.contextLength()));
                }
                longest = Math.max(longest, length);
            }
            int length = padToContextLength ? tokenizer.contextLength() : longest;
            long[][] ids = new long[names.length][length];
            long[] eot = new long[names.length];
            for (int c = 0; c < names.length; c++) {
                Arrays.fill(ids[c], tokenizer.endId());
                ids[c][0] = tokenizer.startId();
                // The context positions hold the end-of-text id; their embeddings are replaced.
                System.arraycopy(names[c], 0, ids[c], 1 + contextTokens, names[c].length);
                eot[c] = 1 + contextTokens + names[c].length;
            }
            return new Prompts(ids, eot, phraseIds, contextTokens, length);
        }

        /** The ids between the start and end tokens. */
        private static long[] body(long[] encoded) {
            return Arrays.copyOfRange(encoded, 1, encoded.length - 1);
        }
    }

    /** Looks up token embeddings without gradients, (rows, length, width) on {@code manager}. */
    private NDArray tokenEmbeddings(NDManager manager, long[][] ids, int length) {
        long[] flat = new long[ids.length * length];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(ids[i], 0, flat, i * length, length);
        }
        try (NoGradient noGradient = NoGradient.enter(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray tokenIds = manager.create(flat, new Shape(ids.length, length)); // (rows, length)
            NDArray embedded = text.embedTokens(store, tokenIds, false) // (rows, length, width)
                    .toType(parameters.dataType(), true);
            return keep(embedded.toDevice(manager.getDevice(), false), manager);
        }
    }

    private static NDArray initialContext(NDManager manager, Shape shape, float[] phrase, TrainingConfig config,
            Random random) {
        float[] values = new float[(int) shape.size()];
        if (phrase != null) {
            // Shared: the phrase itself; class-specific: the phrase repeated for every category.
            for (int i = 0; i < values.length; i++) {
                values[i] = phrase[i % phrase.length];
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * config.contextInitStd());
            }
        }
        return manager.create(values, shape);
    }

    @Override
    public int categories() {
        return categories;
    }

    @Override
    public int embedDim() {
        return embedDim;
    }

    /** The context tokens per prompt, M. */
    public int contextTokens() {
        return contextTokens;
    }

    @Override
    public TextEmbeddings embed() {
        NDArray positive = prompts(parameters.array(POSITIVE_CONTEXT)); // (C, L, width)
        NDArray negative = prompts(parameters.array(NEGATIVE_CONTEXT)); // (C, L, width)
        NDArray both = NDArrays.concat(new NDList(positive, negative), 0) // (2C, L, width)
                .toType(DataType.FLOAT32, false);
        NDArray encoded = text.encodeTokenEmbeddings(store, both, eotPositions, false) // (2C, embedDim)
                .toType(parameters.dataType(), false);
        return new TextEmbeddings(encoded.get("0:{}", categories), // (C, embedDim)
                encoded.get("{}:", categories)); // (C, embedDim)
    }

    /** Puts a context between each prompt's start token and its class-name tokens, (C, L, width). */
    private NDArray prompts(NDArray context) {
        NDArray perCategory = classSpecific ? context // (C, M, width)
                : context.expandDims(0).broadcast(new Shape(categories, contextTokens, width)); // (C, M, width)
        return NDArrays.concat(new NDList(prefix, perCategory, suffix), 1); // (C, L, width)
    }

    /** Takes a constant out of any enclosing scope, so that it lives as long as the learner's manager. */
    private NDArray keep(NDArray array) {
        return keep(array, parameters.manager());
    }

    private static NDArray keep(NDArray array, NDManager manager) {
        NDScope.unregister(array);
        array.attach(manager);
        return array;
    }
}
