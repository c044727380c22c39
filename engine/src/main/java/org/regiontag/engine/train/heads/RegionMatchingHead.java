package org.regiontag.engine.train.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import java.util.Optional;
import java.util.Random;
import org.regiontag.engine.train.Matching;
import org.regiontag.engine.train.Tensors;
import org.regiontag.engine.train.TrainableParameters;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.text.TextEmbeddings;

/**
 * CARL, category-aware region learning: one learnable query per category attends over the dense
 * features, and the attended region representation is matched with the category's prompts.
 *
 * <p>For an image with normalised dense features x̂_j (j over h·w locations):
 * <pre>
 *   k_j = W_k x̂_j + b_k,   v_j = W_v x̂_j + b_v
 *   r_c[j] = softmax_j( cos(q_c, k_j) / τ_s )                 region map
 *   f_c  = Σ_j r_c[j] v_j
 *   f'_c = f_c + W_2 GELU(W_1 LayerNorm(f_c) + b_1) + b_2        region representation
 *   s_c  = α (cos(f'_c, g⁺_c) − cos(f'_c, g⁻_c))                logit
 * </pre>
 *
 * <p>Step-0 equivalence: the queries start at the given text embeddings (the hand-crafted prompts),
 * W_k and W_v start at the identity and the biases at zero, and the attention compares directions
 * (cosine of query and key, not their dot product). So at step 0, r_c is exactly the spatial
 * softmax of the text-pixel similarity cos(q_c, F_j) / τ_s, and f_c is the r_c-weighted mean of
 * the normalised pixel features. W_2 and b_2 start at zero, so the MLP is the identity at step 0
 * and f'_c = f_c lies in the joint space; W_1 starts like PyTorch's {@code nn.Linear}, uniform in
 * ±1/√embedDim, and b_1 at zero.
 *
 * <p>Using the cosine instead of the dot product q_c·k_j is our choice: it is what makes the step-0
 * attention equal the text-pixel similarity for features of any norm, and it keeps τ_s the only
 * thing that sets how peaked the map is. Features are normalised per location before the key and
 * value maps, as DualCoOp normalises them before its text-pixel similarity.
 */
public final class RegionMatchingHead implements MatchingHead {

    public static final String QUERIES = "carl.queries";
    public static final String KEY_WEIGHT = "carl.key.weight";
    public static final String KEY_BIAS = "carl.key.bias";
    public static final String VALUE_WEIGHT = "carl.value.weight";
    public static final String VALUE_BIAS = "carl.value.bias";
    public static final String NORM_GAMMA = "carl.norm.gamma";
    public static final String NORM_BETA = "carl.norm.beta";
    public static final String MLP_WEIGHT_1 = "carl.mlp.weight1";
    public static final String MLP_BIAS_1 = "carl.mlp.bias1";
    public static final String MLP_WEIGHT_2 = "carl.mlp.weight2";
    public static final String MLP_BIAS_2 = "carl.mlp.bias2";

    /** LayerNorm's epsilon, PyTorch's default. */
    static final float LAYER_NORM_EPSILON = 1e-5f;

    private final TrainableParameters parameters;
    private final ScoreScale scale;
    private final int embedDim;

    /**
     * Creates the head's parameters.
     *
     * @param parameters the registry to create them in
     * @param config the source of α, τ_s and the MLP width
     * @param queryInit the initial category queries, (categories, embedDim): the text embeddings of
     *     the hand-crafted prompts, so that step 0 attends where the text-pixel similarity is high
     * @param random the source of W_1's initial values
     */
    public RegionMatchingHead(TrainableParameters parameters, TrainingConfig config, float[][] queryInit,
            Random random) {
        this.parameters = parameters;
        this.embedDim = queryInit[0].length;
        int categories = queryInit.length;
        int hidden = Math.max(1, (int) Math.round(config.mlpHiddenRatio() * embedDim));
        NDManager manager = parameters.manager();

        parameters.create(QUERIES, new Shape(categories, embedDim), () -> Tensors.create(manager,
                Tensors.flatten(queryInit), new Shape(categories, embedDim), parameters.dataType()));
        parameters.create(KEY_WEIGHT, new Shape(embedDim, embedDim), () -> manager.eye(embedDim));
        parameters.create(KEY_BIAS, new Shape(embedDim), () -> manager.zeros(new Shape(embedDim)));
        parameters.create(VALUE_WEIGHT, new Shape(embedDim, embedDim), () -> manager.eye(embedDim));
        parameters.create(VALUE_BIAS, new Shape(embedDim), () -> manager.zeros(new Shape(embedDim)));
        parameters.create(NORM_GAMMA, new Shape(embedDim), () -> manager.ones(new Shape(embedDim)));
        parameters.create(NORM_BETA, new Shape(embedDim), () -> manager.zeros(new Shape(embedDim)));
        parameters.create(MLP_WEIGHT_1, new Shape(hidden, embedDim),
                () -> uniform(manager, new Shape(hidden, embedDim), 1.0 / Math.sqrt(embedDim), random));
        parameters.create(MLP_BIAS_1, new Shape(hidden), () -> manager.zeros(new Shape(hidden)));
        parameters.create(MLP_WEIGHT_2, new Shape(embedDim, hidden), () -> manager.zeros(new Shape(embedDim, hidden)));
        parameters.create(MLP_BIAS_2, new Shape(embedDim), () -> manager.zeros(new Shape(embedDim)));
        this.scale = new ScoreScale(parameters, config, true);
    }

    @Override
    public Matching matching() {
        return Matching.REGION;
    }

    @Override
    public HeadOutput forward(NDArray dense, NDArray global, TextEmbeddings text) {
        Shape shape = dense.getShape();
        long batch = shape.get(0);
        long height = shape.get(1);
        long width = shape.get(2);
        if (shape.get(3) != embedDim || text.embedDim() != embedDim) {
            throw new IllegalArgumentException("dense features " + shape + " and text (" + text.embedDim()
                    + ") must have embedDim " + embedDim);
        }

        NDArray pixels = Tensors.l2Normalize(dense.reshape(batch, height * width, embedDim)); // (B, L, D)
        NDArray keys = linear(pixels, KEY_WEIGHT, KEY_BIAS); // (B, L, D)

        NDArray queries = Tensors.l2Normalize(parameters.array(QUERIES)); // (C, D)
        NDArray similarity = Tensors.l2Normalize(keys).matMul(queries.transpose()); // (B, L, C)
        NDArray attention = similarity.transpose(0, 2, 1).div(scale.spatialTemperature()); // (B, C, L)
        NDArray regionMap = attention.softmax(-1); // (B, C, L)
        // Σ_j r_c[j] (W_v x̂_j + b_v) = W_v (Σ_j r_c[j] x̂_j) + b_v because r_c sums to 1: the value
        // map runs on C region means instead of h·w pixels, about 10 times fewer multiplications.
        NDArray region = linear(regionMap.matMul(pixels), VALUE_WEIGHT, VALUE_BIAS); // (B, C, D)

        NDArray normed = LayerNorm.layerNorm(region, new Shape(embedDim), parameters.array(NORM_GAMMA),
                parameters.array(NORM_BETA), LAYER_NORM_EPSILON).singletonOrThrow(); // (B, C, D)
        NDArray hidden = Activation.gelu(linear(normed, MLP_WEIGHT_1, MLP_BIAS_1)); // (B, C, hidden)
        NDArray regionFeatures = region.add(linear(hidden, MLP_WEIGHT_2, MLP_BIAS_2)); // (B, C, D)

        NDArray logits = MatchingHeads.dualPromptLogits(regionFeatures, text, scale.logitScale()); // (B, C)
        long categories = text.categories();
        return new HeadOutput(logits, Optional.of(regionMap.reshape(batch, categories, height, width)),
                regionFeatures);
    }

    private NDArray linear(NDArray input, String weight, String bias) {
        return input.matMul(parameters.array(weight).transpose()).add(parameters.array(bias)); // (..., out)
    }

    private static NDArray uniform(NDManager manager, Shape shape, double bound, Random random) {
        double[] values = new double[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (2 * random.nextDouble() - 1) * bound;
        }
        return manager.create(values, shape);
    }
}
