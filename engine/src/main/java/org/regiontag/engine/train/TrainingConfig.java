package org.regiontag.engine.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Objects;
import org.regiontag.db.UserInputException;

/**
 * Every weight, temperature, threshold and switch of a TRM-ML training round, each with its default.
 *
 * <p>The defaults follow TRM-ML (Ma et al., ACM MM 2024) where the paper states a value, and the
 * closest published practice where it does not: CoOp (Zhou et al., IJCV 2022), DualCoOp (Sun et
 * al., NeurIPS 2022), ASL (Ridnik et al., ICCV 2021), SupCon (Khosla et al., NeurIPS 2020), SARB
 * (Pu et al., AAAI 2022). The source of each is given beside it. A config is saved with every
 * model version as JSON ({@link #toJson()}, {@link #fromJson(String, String)}); fields missing
 * from a saved config take today's defaults, so older versions stay readable.
 *
 * <p>Build one with {@link #builder()} or {@link #toBuilder()}; {@link Builder#build()} validates
 * every field and throws a {@link UserInputException} naming the field, its value and the valid range.
 *
 * @param matching what the prompts are matched against: CARL regions (default), DualCoOp pixels or
 *     the CoOp global embedding
 * @param distillation whether the knowledge-distillation term is used ({@code --no-kd} turns it off)
 * @param prototypes whether multimodal category prototypes produce pseudo-labels and the
 *     pseudo-label term ({@code --no-prototypes})
 * @param contrastive whether the multimodal contrastive term is used ({@code --no-contrastive})
 * @param promptPrior whether the frozen model's calibrated prompt score is added to every logit, so
 *     that the head learns a residual on it and a round starts where round 0 is ({@code --no-prior})
 * @param contextLength learnable context tokens per prompt, M
 * @param classSpecificContexts one context per category instead of one shared context
 * @param contextInit how contexts start: random or from a phrase
 * @param contextInitStd standard deviation of the random context initialisation
 * @param contextInitPhrase the phrase whose token embeddings start the contexts under {@code phrase}
 * @param logitScaleInit the starting value of α, the learnable scale of the score s_c
 * @param logitScaleMax the upper clamp of α
 * @param spatialTemperatureInit the starting value of τ_s, the learnable temperature of the spatial
 *     softmax of the region and pixel heads
 * @param mlpHiddenRatio hidden width of CARL's residual MLP as a fraction of the embedding width
 * @param aslGammaNeg focusing exponent γ− of the asymmetric loss on negative cells
 * @param aslGammaPos focusing exponent γ+ of the asymmetric loss on positive cells
 * @param aslClip probability margin m of the asymmetric loss: negatives with p ≤ m cost nothing
 * @param distillationLoss which distillation term: binary KL on probabilities or feature cosine
 * @param distillationTemperature the temperature T of the binary KL term
 * @param distillationWeight λ_kd
 * @param pseudoLabelWeight λ_pl, the weight of the loss on pseudo-labelled cells
 * @param prototypeMomentum momentum of the exponential moving average of visual prototypes
 * @param visualFusionWeight w in the fused prototype score s = w·s_v + (1 − w)·s_t
 * @param pseudoLabelScore the score the intra-class test of a pseudo-label thresholds: the fused
 *     prototype score, or the model's probability
 * @param positivePrecisionTarget precision on known cells that calibrates the pseudo-positive threshold
 * @param negativePrecisionTarget negative precision on known cells that calibrates the
 *     pseudo-negative threshold
 * @param perCategoryThresholds whether each category's pseudo-label thresholds are the stricter of
 *     the pooled ones and its own; otherwise all categories share the pooled ones
 * @param interClassMargin how much closer, in fused score, a region must be to its own category's
 *     prototypes than to any other category's to become a pseudo-positive
 * @param contrastiveWeight λ_con
 * @param contrastiveTemperature temperature of both contrastive terms
 * @param regionContrastWeight weight of the region-to-region contrastive term relative to the
 *     text-anchored one
 * @param queueSize region representations kept in the contrastive memory queue
 * @param queueNegativesPerPositive negative region representations enqueued per positive one at
 *     each step
 * @param learningRate peak learning rate of AdamW
 * @param finalLearningRate learning rate at the end of the cosine decay
 * @param warmupSteps steps of linear warm-up from 0 to the peak learning rate
 * @param weightDecay decoupled weight decay of AdamW, applied to matrices only
 * @param batchSize images per step
 * @param stepsPerRound optimizer steps in one incremental round
 * @param seed seed of every random choice (initialisation, batch order, queue sampling)
 */
@JsonDeserialize(builder = TrainingConfig.Builder.class)
public record TrainingConfig(
        Matching matching,
        boolean distillation,
        boolean prototypes,
        boolean contrastive,
        boolean promptPrior,
        int contextLength,
        boolean classSpecificContexts,
        ContextInit contextInit,
        double contextInitStd,
        String contextInitPhrase,
        double logitScaleInit,
        double logitScaleMax,
        double spatialTemperatureInit,
        double mlpHiddenRatio,
        double aslGammaNeg,
        double aslGammaPos,
        double aslClip,
        DistillationLoss distillationLoss,
        double distillationTemperature,
        double distillationWeight,
        double pseudoLabelWeight,
        double prototypeMomentum,
        double visualFusionWeight,
        PseudoLabelScore pseudoLabelScore,
        double positivePrecisionTarget,
        double negativePrecisionTarget,
        boolean perCategoryThresholds,
        double interClassMargin,
        double contrastiveWeight,
        double contrastiveTemperature,
        double regionContrastWeight,
        int queueSize,
        int queueNegativesPerPositive,
        double learningRate,
        double finalLearningRate,
        int warmupSteps,
        double weightDecay,
        int batchSize,
        int stepsPerRound,
        int seed) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Returns the defaults: TRM-ML with CARL, distillation, prototypes and the contrastive term all on. */
    public static TrainingConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This config as compact JSON, the form saved with each model version. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a training config could not be written as JSON", e);
        }
    }

    /**
     * Reads a config saved by {@link #toJson()}, filling missing fields with today's defaults.
     *
     * @param json the JSON text
     * @param source where the text comes from (a file or a model version), for error messages
     * @throws UserInputException when the text is not valid JSON, has an unknown field, or has an
     *     invalid value
     */
    public static TrainingConfig fromJson(String json, String source) {
        try {
            return JSON.readValue(json, TrainingConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new UserInputException(TrainMessages.get().format("config.json.unknownField", source,
                    e.getPropertyName()), e);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof UserInputException invalid) {
                throw new UserInputException(source + ": " + invalid.getMessage(), invalid);
            }
            throw new UserInputException(TrainMessages.get().format("config.json.unreadable", source,
                    e.getOriginalMessage()), e);
        }
    }

    /**
     * Collects the fields of a {@link TrainingConfig}; starts at the defaults, each set beside its
     * reason and source.
     */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {

        // Ablation switches (TRM-ML section 10 of our method notes): everything on by default.
        private Matching matching = Matching.REGION;
        private boolean distillation = true;
        private boolean prototypes = true;
        private boolean contrastive = true;
        // Our addition: learn a residual on the frozen zero-shot classifier instead of replacing it, so
        // that a round trained on few labels starts at round 0's scores instead of below them.
        private boolean promptPrior = true;

        // CoOp: M = 16 context tokens, N(0, 0.02²) initialisation, or a phrase such as "a photo of a".
        private int contextLength = 16;
        // DualCoOp: contexts shared across categories work better at low label proportions.
        private boolean classSpecificContexts = false;
        private ContextInit contextInit = ContextInit.RANDOM;
        private double contextInitStd = 0.02;
        private String contextInitPhrase = "a photo of a";

        // TRM-ML trains α as a log scale started near CLIP's; CLIP's is 100 on one cosine, and the
        // score here is a difference of two cosines, so half of it keeps the logits in CLIP's range.
        private double logitScaleInit = 50.0;
        // CLIP clamps its learned logit scale at 100 to keep training stable.
        private double logitScaleMax = 100.0;
        // DualCoOp's spatial softmax multiplies cosines by 20, a temperature of 1/20.
        private double spatialTemperatureInit = 0.05;
        // CLIP-Adapter's bottleneck reduction factor of 4.
        private double mlpHiddenRatio = 0.25;

        // DualCoOp trains with ASL at γ− = 2, γ+ = 1 and a probability clip of 0.05.
        private double aslGammaNeg = 2.0;
        private double aslGammaPos = 1.0;
        private double aslClip = 0.05;

        // Hinton et al. (2015) soften teacher and student at T > 1; T = 2 with weight 1 is our choice.
        private DistillationLoss distillationLoss = DistillationLoss.BINARY_KL;
        private double distillationTemperature = 2.0;
        private double distillationWeight = 1.0;

        // TRM-ML: pseudo-labels weighted like labels; SARB and MoCo-style prototypes use momentum 0.99.
        private double pseudoLabelWeight = 1.0;
        private double prototypeMomentum = 0.99;
        // TRM-ML fuses the visual and textual prototype scores with equal weight.
        private double visualFusionWeight = 0.5;
        // TRM-ML thresholds the fused prototype score. Our default thresholds the model's probability and
        // keeps the prototypes' inter-class test: on the demo data, pseudo-label recall at about 96%
        // precision rises from 1-3% to 50-52% (docs/benchmarks.md, "Headless demo").
        private PseudoLabelScore pseudoLabelScore = PseudoLabelScore.PROBABILITY;
        // TRM-ML reports pseudo-label precision of 98.5-99.5 % on VOC 2007, so calibrate to 0.98.
        private double positivePrecisionTarget = 0.98;
        private double negativePrecisionTarget = 0.98;
        // Score scales differ between categories, so one that separates poorly must not borrow the
        // threshold of those that separate well. Our choice: TRM-ML specifies no threshold scope.
        private boolean perCategoryThresholds = true;
        // "Closer to its own prototypes than to any other": no extra margin unless configured.
        private double interClassMargin = 0.0;

        // TRM-ML: λ_con = 0.1 at temperature 0.2 (SupCon's range is 0.07-0.5), queue of 4096 as MoCo.
        private double contrastiveWeight = 0.1;
        private double contrastiveTemperature = 0.2;
        private double regionContrastWeight = 1.0;
        private int queueSize = 4096;
        // Without a cap, negatives (most cells of a multi-label dataset) would fill the queue.
        private int queueNegativesPerPositive = 1;

        // AdamW at 1e-3 with warm-up and cosine decay, as most prompt-tuning code does; decay 0.01
        // is PyTorch's AdamW default.
        private double learningRate = 1e-3;
        private double finalLearningRate = 0.0;
        private int warmupSteps = 20;
        private double weightDecay = 0.01;
        // DualCoOp trains at batch 32; 200 steps keep a CPU round to minutes with cached features.
        private int batchSize = 32;
        private int stepsPerRound = 200;
        private int seed = 0;

        Builder() {
        }

        Builder(TrainingConfig config) {
            matching = config.matching;
            distillation = config.distillation;
            prototypes = config.prototypes;
            contrastive = config.contrastive;
            promptPrior = config.promptPrior;
            contextLength = config.contextLength;
            classSpecificContexts = config.classSpecificContexts;
            contextInit = config.contextInit;
            contextInitStd = config.contextInitStd;
            contextInitPhrase = config.contextInitPhrase;
            logitScaleInit = config.logitScaleInit;
            logitScaleMax = config.logitScaleMax;
            spatialTemperatureInit = config.spatialTemperatureInit;
            mlpHiddenRatio = config.mlpHiddenRatio;
            aslGammaNeg = config.aslGammaNeg;
            aslGammaPos = config.aslGammaPos;
            aslClip = config.aslClip;
            distillationLoss = config.distillationLoss;
            distillationTemperature = config.distillationTemperature;
            distillationWeight = config.distillationWeight;
            pseudoLabelWeight = config.pseudoLabelWeight;
            prototypeMomentum = config.prototypeMomentum;
            visualFusionWeight = config.visualFusionWeight;
            pseudoLabelScore = config.pseudoLabelScore;
            positivePrecisionTarget = config.positivePrecisionTarget;
            negativePrecisionTarget = config.negativePrecisionTarget;
            perCategoryThresholds = config.perCategoryThresholds;
            interClassMargin = config.interClassMargin;
            contrastiveWeight = config.contrastiveWeight;
            contrastiveTemperature = config.contrastiveTemperature;
            regionContrastWeight = config.regionContrastWeight;
            queueSize = config.queueSize;
            queueNegativesPerPositive = config.queueNegativesPerPositive;
            learningRate = config.learningRate;
            finalLearningRate = config.finalLearningRate;
            warmupSteps = config.warmupSteps;
            weightDecay = config.weightDecay;
            batchSize = config.batchSize;
            stepsPerRound = config.stepsPerRound;
            seed = config.seed;
        }

        public Builder matching(Matching value) {
            matching = value;
            return this;
        }

        public Builder distillation(boolean value) {
            distillation = value;
            return this;
        }

        public Builder prototypes(boolean value) {
            prototypes = value;
            return this;
        }

        public Builder contrastive(boolean value) {
            contrastive = value;
            return this;
        }

        public Builder promptPrior(boolean value) {
            promptPrior = value;
            return this;
        }

        public Builder contextLength(int value) {
            contextLength = value;
            return this;
        }

        public Builder classSpecificContexts(boolean value) {
            classSpecificContexts = value;
            return this;
        }

        public Builder contextInit(ContextInit value) {
            contextInit = value;
            return this;
        }

        public Builder contextInitStd(double value) {
            contextInitStd = value;
            return this;
        }

        public Builder contextInitPhrase(String value) {
            contextInitPhrase = value;
            return this;
        }

        public Builder logitScaleInit(double value) {
            logitScaleInit = value;
            return this;
        }

        public Builder logitScaleMax(double value) {
            logitScaleMax = value;
            return this;
        }

        public Builder spatialTemperatureInit(double value) {
            spatialTemperatureInit = value;
            return this;
        }

        public Builder mlpHiddenRatio(double value) {
            mlpHiddenRatio = value;
            return this;
        }

        public Builder aslGammaNeg(double value) {
            aslGammaNeg = value;
            return this;
        }

        public Builder aslGammaPos(double value) {
            aslGammaPos = value;
            return this;
        }

        public Builder aslClip(double value) {
            aslClip = value;
            return this;
        }

        public Builder distillationLoss(DistillationLoss value) {
            distillationLoss = value;
            return this;
        }

        public Builder distillationTemperature(double value) {
            distillationTemperature = value;
            return this;
        }

        public Builder distillationWeight(double value) {
            distillationWeight = value;
            return this;
        }

        public Builder pseudoLabelWeight(double value) {
            pseudoLabelWeight = value;
            return this;
        }

        public Builder prototypeMomentum(double value) {
            prototypeMomentum = value;
            return this;
        }

        public Builder visualFusionWeight(double value) {
            visualFusionWeight = value;
            return this;
        }

        public Builder pseudoLabelScore(PseudoLabelScore value) {
            pseudoLabelScore = value;
            return this;
        }

        public Builder positivePrecisionTarget(double value) {
            positivePrecisionTarget = value;
            return this;
        }

        public Builder negativePrecisionTarget(double value) {
            negativePrecisionTarget = value;
            return this;
        }

        public Builder perCategoryThresholds(boolean value) {
            perCategoryThresholds = value;
            return this;
        }

        public Builder interClassMargin(double value) {
            interClassMargin = value;
            return this;
        }

        public Builder contrastiveWeight(double value) {
            contrastiveWeight = value;
            return this;
        }

        public Builder contrastiveTemperature(double value) {
            contrastiveTemperature = value;
            return this;
        }

        public Builder regionContrastWeight(double value) {
            regionContrastWeight = value;
            return this;
        }

        public Builder queueSize(int value) {
            queueSize = value;
            return this;
        }

        public Builder queueNegativesPerPositive(int value) {
            queueNegativesPerPositive = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder finalLearningRate(double value) {
            finalLearningRate = value;
            return this;
        }

        public Builder warmupSteps(int value) {
            warmupSteps = value;
            return this;
        }

        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder stepsPerRound(int value) {
            stepsPerRound = value;
            return this;
        }

        /**
         * Sets the steps per round and a warm-up of a tenth of them, at most the default warm-up: the
         * rule of every command that takes a number of steps.
         */
        public Builder stepsWithProportionalWarmup(int steps) {
            stepsPerRound = steps;
            warmupSteps = Math.min(defaults().warmupSteps(), steps / 10);
            return this;
        }

        public Builder seed(int value) {
            seed = value;
            return this;
        }

        /**
         * Validates every field and builds the config.
         *
         * @throws UserInputException naming the first invalid field, its value and the valid range
         */
        public TrainingConfig build() {
            require("matching", matching, matching != null, "one of region, pixel, image");
            require("contextInit", contextInit, contextInit != null, "one of random, phrase");
            require("pseudoLabelScore", pseudoLabelScore, pseudoLabelScore != null, "one of fused, probability");
            require("distillationLoss", distillationLoss, distillationLoss != null,
                    "one of binary-kl, feature-cosine");

            require("contextLength", contextLength, contextLength >= 1 && contextLength <= 60,
                    "an integer from 1 to 60 (CLIP's 77 tokens must also hold the class name)");
            require("contextInitStd", contextInitStd, contextInitStd > 0 && contextInitStd <= 1, "a number in (0, 1]");
            require("contextInitPhrase", contextInitPhrase,
                    contextInitPhrase != null && !contextInitPhrase.isBlank(), "a non-empty phrase");

            require("logitScaleInit", logitScaleInit, logitScaleInit > 0 && logitScaleInit <= logitScaleMax,
                    "a number in (0, logitScaleMax = " + logitScaleMax + "]");
            require("logitScaleMax", logitScaleMax, logitScaleMax > 0 && Double.isFinite(logitScaleMax),
                    "a finite number > 0");
            require("spatialTemperatureInit", spatialTemperatureInit,
                    spatialTemperatureInit > 0 && spatialTemperatureInit <= 10, "a number in (0, 10]");
            require("mlpHiddenRatio", mlpHiddenRatio, mlpHiddenRatio > 0 && mlpHiddenRatio <= 8, "a number in (0, 8]");

            // Exponents in (0, 1) have an infinite derivative at probability 0 or 1, which turns
            // masked cells into NaN gradients.
            require("aslGammaNeg", aslGammaNeg, isFocusingExponent(aslGammaNeg), "0 or a number in [1, 10]");
            require("aslGammaPos", aslGammaPos, isFocusingExponent(aslGammaPos), "0 or a number in [1, 10]");
            require("aslClip", aslClip, aslClip >= 0 && aslClip < 1, "a number in [0, 1)");

            require("distillationTemperature", distillationTemperature,
                    distillationTemperature > 0 && distillationTemperature <= 100, "a number in (0, 100]");
            require("distillationWeight", distillationWeight, isWeight(distillationWeight), "a finite number ≥ 0");
            require("pseudoLabelWeight", pseudoLabelWeight, isWeight(pseudoLabelWeight), "a finite number ≥ 0");

            require("prototypeMomentum", prototypeMomentum, prototypeMomentum >= 0 && prototypeMomentum < 1,
                    "a number in [0, 1)");
            require("visualFusionWeight", visualFusionWeight, visualFusionWeight >= 0 && visualFusionWeight <= 1,
                    "a number in [0, 1]");
            require("positivePrecisionTarget", positivePrecisionTarget,
                    positivePrecisionTarget > 0 && positivePrecisionTarget <= 1, "a number in (0, 1]");
            require("negativePrecisionTarget", negativePrecisionTarget,
                    negativePrecisionTarget > 0 && negativePrecisionTarget <= 1, "a number in (0, 1]");
            require("interClassMargin", interClassMargin, interClassMargin >= -2 && interClassMargin <= 2,
                    "a number in [-2, 2] (fused scores are cosines)");

            require("contrastiveWeight", contrastiveWeight, isWeight(contrastiveWeight), "a finite number ≥ 0");
            require("contrastiveTemperature", contrastiveTemperature,
                    contrastiveTemperature >= 0.01 && contrastiveTemperature <= 10, "a number in [0.01, 10]");
            require("regionContrastWeight", regionContrastWeight, isWeight(regionContrastWeight),
                    "a finite number ≥ 0");
            require("queueSize", queueSize, queueSize >= 0 && queueSize <= 1_000_000, "an integer from 0 to 1000000");
            require("queueNegativesPerPositive", queueNegativesPerPositive,
                    queueNegativesPerPositive >= 0 && queueNegativesPerPositive <= 1000, "an integer from 0 to 1000");

            require("learningRate", learningRate, learningRate > 0 && learningRate <= 1, "a number in (0, 1]");
            require("finalLearningRate", finalLearningRate, finalLearningRate >= 0 && finalLearningRate < learningRate,
                    "a number in [0, learningRate = " + learningRate + ")");
            require("stepsPerRound", stepsPerRound, stepsPerRound >= 1 && stepsPerRound <= 10_000_000,
                    "an integer from 1 to 10000000");
            require("warmupSteps", warmupSteps, warmupSteps >= 0 && warmupSteps < stepsPerRound,
                    "an integer from 0 to stepsPerRound - 1 = " + (stepsPerRound - 1));
            require("weightDecay", weightDecay, weightDecay >= 0 && weightDecay < 1, "a number in [0, 1)");
            require("batchSize", batchSize, batchSize >= 1 && batchSize <= 65_536, "an integer from 1 to 65536");

            return new TrainingConfig(matching, distillation, prototypes, contrastive, promptPrior, contextLength,
                    classSpecificContexts, contextInit, contextInitStd, contextInitPhrase, logitScaleInit,
                    logitScaleMax, spatialTemperatureInit, mlpHiddenRatio, aslGammaNeg, aslGammaPos, aslClip,
                    distillationLoss, distillationTemperature, distillationWeight, pseudoLabelWeight,
                    prototypeMomentum, visualFusionWeight, pseudoLabelScore, positivePrecisionTarget, negativePrecisionTarget,
                    perCategoryThresholds, interClassMargin, contrastiveWeight, contrastiveTemperature, regionContrastWeight, queueSize,
                    queueNegativesPerPositive, learningRate, finalLearningRate, warmupSteps, weightDecay,
                    batchSize, stepsPerRound, seed);
        }

        private static boolean isFocusingExponent(double value) {
            return value == 0 || value >= 1 && value <= 10;
        }

        private static boolean isWeight(double value) {
            return value >= 0 && Double.isFinite(value);
        }

        private static void require(String field, Object value, boolean valid, String expected) {
            if (!valid) {
                throw new UserInputException(TrainMessages.get().format("config.invalid", field,
                        Objects.toString(value), expected));
            }
        }
    }
}
