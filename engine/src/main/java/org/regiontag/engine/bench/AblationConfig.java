package org.regiontag.engine.bench;

import java.util.List;
import org.regiontag.engine.train.Matching;
import org.regiontag.engine.train.PseudoLabelScore;
import org.regiontag.engine.train.TrainingConfig;

/**
 * One row of the ablation table: a name and the training config it changes from the base.
 *
 * @param name the row's label in the table
 * @param config the config trained
 */
public record AblationConfig(String name, TrainingConfig config) {

    /**
     * Returns the configurations of TRM-ML's ablations: the three matching heads with every term, and
     * CARL without distillation, without prototypes and without the contrastive term. Two more rows
     * take back our changes to the method: CARL without the prompt prior, and CARL with TRM-ML's
     * fused prototype score for pseudo-labels.
     */
    public static List<AblationConfig> standard(TrainingConfig base) {
        TrainingConfig region = base.toBuilder().matching(Matching.REGION).distillation(true).prototypes(true)
                .contrastive(true).promptPrior(true).pseudoLabelScore(PseudoLabelScore.PROBABILITY).build();
        return List.of(
                new AblationConfig("region (CARL), all terms", region),
                new AblationConfig("pixel (DualCoOp aggregation), all terms",
                        region.toBuilder().matching(Matching.PIXEL).build()),
                new AblationConfig("image (CoOp, global embedding), all terms",
                        region.toBuilder().matching(Matching.IMAGE).build()),
                new AblationConfig("region, without distillation", region.toBuilder().distillation(false).build()),
                new AblationConfig("region, without prototypes", region.toBuilder().prototypes(false).build()),
                new AblationConfig("region, without contrastive", region.toBuilder().contrastive(false).build()),
                new AblationConfig("region, without prompt prior", region.toBuilder().promptPrior(false).build()),
                new AblationConfig("region, pseudo-labels from the fused prototype score",
                        region.toBuilder().pseudoLabelScore(PseudoLabelScore.FUSED).build()));
    }
}
