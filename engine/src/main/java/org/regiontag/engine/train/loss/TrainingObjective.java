package org.regiontag.engine.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.regiontag.engine.train.Tensors;
import org.regiontag.engine.train.TrainingConfig;
import org.regiontag.engine.train.TrmModel;

/**
 * The total loss of a step: L = L_cls + λ_kd·L_kd + λ_pl·L_pseudo + λ_con·L_con, with the terms
 * that the config switches off left out.
 */
public final class TrainingObjective {

    private final TrainingConfig config;
    private final AsymmetricLoss asymmetricLoss;
    private final ContrastiveLoss contrastiveLoss;

    public TrainingObjective(TrainingConfig config) {
        this.config = config;
        this.asymmetricLoss = new AsymmetricLoss(config.aslGammaNeg(), config.aslGammaPos(), config.aslClip());
        this.contrastiveLoss = new ContrastiveLoss(config.contrastiveTemperature(), config.regionContrastWeight());
    }

    /**
     * The targets of a batch.
     *
     * @param known known labels, +1/−1/0, (B, C)
     * @param pseudo pseudo-labels on cells unknown in {@code known}, 0 elsewhere, (B, C)
     * @param teacher the frozen zero-shot teacher's probabilities, (B, C); may be null when the
     *     binary-KL distillation is off
     * @param contrast the cells that enter the contrastive loss
     */
    public record Targets(NDArray known, NDArray pseudo, NDArray teacher, ContrastSamples contrast) {
    }

    /**
     * The terms of a step as scalars (each 0 when switched off) and their weighted sum.
     *
     * @param classification L_cls
     * @param distillation L_kd
     * @param pseudoLabel L_pseudo
     * @param contrastive L_con
     * @param total the weighted sum
     */
    public record Terms(NDArray classification, NDArray distillation, NDArray pseudoLabel, NDArray contrastive,
            NDArray total) {

        /** Copies the terms out of the engine. */
        public LossValues values() {
            return new LossValues(value(classification), value(distillation), value(pseudoLabel), value(contrastive),
                    value(total));
        }

        private static double value(NDArray scalar) {
            return scalar.toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /**
     * Computes every term.
     *
     * @param forward the model's output on the batch
     * @param targets the batch's labels, teacher and contrastive samples
     * @param queue earlier region representations for the contrastive loss
     */
    public Terms compute(TrmModel.Forward forward, Targets targets, MemoryQueue queue) {
        NDArray logits = forward.head().logits(); // (B, C)
        NDArray features = forward.head().regionFeatures(); // (B, C, D)
        NDManager manager = logits.getManager();
        DataType dataType = logits.getDataType();
        NDArray zero = manager.zeros(new Shape(), dataType);

        NDArray classification = asymmetricLoss.compute(logits, targets.known()); // ()
        NDArray total = classification;

        NDArray distillation = zero;
        if (config.distillation()) {
            distillation = switch (config.distillationLoss()) {
                case BINARY_KL -> DistillationTerms.binaryKl(logits, requireTeacher(targets),
                        config.distillationTemperature()); // ()
                case FEATURE_COSINE -> DistillationTerms.featureCosine(features, forward.global(),
                        targets.known()); // ()
            };
            total = total.add(Tensors.scale(distillation, config.distillationWeight()));
        }

        NDArray pseudoLabel = zero;
        if (config.prototypes() && targets.pseudo() != null) {
            pseudoLabel = asymmetricLoss.compute(logits, targets.pseudo()); // ()
            total = total.add(Tensors.scale(pseudoLabel, config.pseudoLabelWeight()));
        }

        NDArray contrastive = zero;
        if (config.contrastive() && targets.contrast().size() > 0) {
            ContrastSamples samples = targets.contrast();
            long batch = features.getShape().get(0);
            long categories = features.getShape().get(1);
            long embedDim = features.getShape().get(2);
            NDArray cells = manager.create(toLongs(samples.cells())); // (n)
            NDArray sampleFeatures = features.reshape(batch * categories, embedDim)
                    .get(new NDIndex("{}", cells)); // (n, D)
            contrastive = contrastiveLoss.compute(forward.text().positive(), sampleFeatures, samples.categories(),
                    samples.labels(), queue).total(); // ()
            total = total.add(Tensors.scale(contrastive, config.contrastiveWeight()));
        }
        return new Terms(classification, distillation, pseudoLabel, contrastive, total);
    }

    private static NDArray requireTeacher(Targets targets) {
        if (targets.teacher() == null) {
            throw new IllegalArgumentException("binary-KL distillation needs the teacher's probabilities");
        }
        return targets.teacher();
    }

    private static long[] toLongs(int[] values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i];
        }
        return longs;
    }
}
