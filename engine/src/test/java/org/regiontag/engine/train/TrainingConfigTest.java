package org.regiontag.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;
import org.regiontag.db.UserInputException;

class TrainingConfigTest {

    @Test
    void defaultsFollowTheMethod() {
        TrainingConfig config = TrainingConfig.defaults();

        assertThat(config.matching()).isEqualTo(Matching.REGION);
        assertThat(config.distillation()).isTrue();
        assertThat(config.prototypes()).isTrue();
        assertThat(config.contrastive()).isTrue();
        assertThat(config.contextLength()).isEqualTo(16);
        assertThat(config.classSpecificContexts()).isFalse();
        assertThat(config.contextInit()).isEqualTo(ContextInit.RANDOM);
        assertThat(config.contextInitStd()).isEqualTo(0.02);
        assertThat(config.logitScaleInit()).isEqualTo(50);
        assertThat(config.spatialTemperatureInit()).isEqualTo(0.05);
        assertThat(config.aslGammaNeg()).isEqualTo(2);
        assertThat(config.aslGammaPos()).isEqualTo(1);
        assertThat(config.aslClip()).isEqualTo(0.05);
        assertThat(config.distillationLoss()).isEqualTo(DistillationLoss.BINARY_KL);
        assertThat(config.distillationTemperature()).isEqualTo(2);
        assertThat(config.distillationWeight()).isEqualTo(1);
        assertThat(config.pseudoLabelWeight()).isEqualTo(1);
        assertThat(config.prototypeMomentum()).isEqualTo(0.99);
        assertThat(config.visualFusionWeight()).isEqualTo(0.5);
        assertThat(config.positivePrecisionTarget()).isEqualTo(0.98);
        assertThat(config.contrastiveWeight()).isEqualTo(0.1);
        assertThat(config.contrastiveTemperature()).isEqualTo(0.2);
        assertThat(config.queueSize()).isEqualTo(4096);
        assertThat(config.learningRate()).isEqualTo(1e-3);
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        TrainingConfig config = TrainingConfig.builder()
                .matching(Matching.PIXEL)
                .distillation(false)
                .contextInit(ContextInit.PHRASE)
                .distillationLoss(DistillationLoss.FEATURE_COSINE)
                .classSpecificContexts(true)
                .interClassMargin(0.05)
                .seed(42)
                .build();

        String json = config.toJson();

        assertThat(TrainingConfig.fromJson(json, "test")).isEqualTo(config);
        assertThat(json).contains("\"matching\":\"pixel\"", "\"contextInit\":\"phrase\"",
                "\"distillationLoss\":\"feature-cosine\"");
    }

    @Test
    void jsonWithMissingFieldsTakesDefaults() {
        TrainingConfig config = TrainingConfig.fromJson("{\"matching\":\"image\",\"stepsPerRound\":50}", "v3");

        assertThat(config).isEqualTo(TrainingConfig.builder().matching(Matching.IMAGE).stepsPerRound(50).build());
    }

    @Test
    void jsonWithUnknownFieldNamesIt() {
        assertThatThrownBy(() -> TrainingConfig.fromJson("{\"learningRat\":0.1}", "models/v2.json"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("models/v2.json: unknown training config field 'learningRat'; remove it or save the "
                        + "config again with this version");
    }

    @Test
    void jsonWithInvalidValueNamesFieldAndSource() {
        assertThatThrownBy(() -> TrainingConfig.fromJson("{\"contrastiveTemperature\":0}", "models/v2.json"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("models/v2.json: training config: contrastiveTemperature = 0.0 is invalid; "
                        + "expected a number in [0.01, 10]");
    }

    @Test
    void jsonWithUnknownMatchingListsChoices() {
        assertThatThrownBy(() -> TrainingConfig.fromJson("{\"matching\":\"regions\"}", "cfg.json"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("unknown matching 'regions'; expected one of region, pixel, image");
    }

    @Test
    void brokenJsonIsReported() {
        assertThatThrownBy(() -> TrainingConfig.fromJson("{\"seed\":", "cfg.json"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("cfg.json: the training config is not valid JSON");
    }

    @Test
    void invalidValuesNameFieldAndRange() {
        assertThatThrownBy(() -> TrainingConfig.builder().learningRate(-1).build())
                .isInstanceOf(UserInputException.class)
                .hasMessage("training config: learningRate = -1.0 is invalid; expected a number in (0, 1]");
        assertThatThrownBy(() -> TrainingConfig.builder().warmupSteps(200).stepsPerRound(200).build())
                .hasMessage("training config: warmupSteps = 200 is invalid; expected an integer from 0 to "
                        + "stepsPerRound - 1 = 199");
        assertThatThrownBy(() -> TrainingConfig.builder().aslGammaNeg(0.5).build())
                .hasMessageContaining("aslGammaNeg = 0.5 is invalid; expected 0 or a number in [1, 10]");
        assertThatThrownBy(() -> TrainingConfig.builder().prototypeMomentum(1).build())
                .hasMessageContaining("prototypeMomentum = 1.0 is invalid");
        assertThatThrownBy(() -> TrainingConfig.builder().distillationWeight(Double.NaN).build())
                .hasMessageContaining("distillationWeight = NaN is invalid");
        assertThatThrownBy(() -> TrainingConfig.builder().logitScaleInit(150).build())
                .hasMessageContaining("logitScaleInit = 150.0 is invalid; expected a number in (0, logitScaleMax = 100.0]");
        assertThatThrownBy(() -> TrainingConfig.builder().matching(null).build())
                .hasMessageContaining("matching = null is invalid");
    }

    @Test
    void toBuilderAndJsonKeepEveryChangedField() throws Exception {
        TrainingConfig changed = everyFieldChanged();
        TrainingConfig defaults = TrainingConfig.defaults();
        for (RecordComponent component : TrainingConfig.class.getRecordComponents()) {
            Object value = component.getAccessor().invoke(changed);
            assertThat(value).as("%s differs from its default in this test", component.getName())
                    .isNotEqualTo(component.getAccessor().invoke(defaults));
        }

        assertThat(changed.toBuilder().build()).isEqualTo(changed);
        assertThat(TrainingConfig.fromJson(changed.toJson(), "test")).isEqualTo(changed);
    }

    private static TrainingConfig everyFieldChanged() {
        return TrainingConfig.builder()
                .matching(Matching.IMAGE).distillation(false).prototypes(false).contrastive(false).promptPrior(false)
                .contextLength(8).classSpecificContexts(true).contextInit(ContextInit.PHRASE).contextInitStd(0.05)
                .contextInitPhrase("an image of a").logitScaleInit(30).logitScaleMax(90)
                .spatialTemperatureInit(0.1).mlpHiddenRatio(0.5).aslGammaNeg(4).aslGammaPos(0).aslClip(0.1)
                .distillationLoss(DistillationLoss.FEATURE_COSINE).distillationTemperature(3).distillationWeight(0.5)
                .pseudoLabelWeight(0.5).prototypeMomentum(0.9).visualFusionWeight(0.7)
                .pseudoLabelScore(PseudoLabelScore.FUSED).positivePrecisionTarget(0.95)
                .negativePrecisionTarget(0.97).perCategoryThresholds(false).interClassMargin(0.05)
                .contrastiveWeight(0.2).contrastiveTemperature(0.1).regionContrastWeight(0.5).queueSize(1024)
                .queueNegativesPerPositive(2).learningRate(2e-3).finalLearningRate(1e-5).warmupSteps(10)
                .weightDecay(0.05).batchSize(16).stepsPerRound(100).seed(7)
                .build();
    }

    @Test
    void warmupIsTenthOfStepsAtMostDefault() {
        assertThat(TrainingConfig.builder().stepsWithProportionalWarmup(600).build().warmupSteps()).isEqualTo(20);
        assertThat(TrainingConfig.builder().stepsWithProportionalWarmup(50).build().warmupSteps()).isEqualTo(5);
        assertThat(TrainingConfig.builder().stepsWithProportionalWarmup(5).build().warmupSteps()).isZero();
        assertThat(TrainingConfig.builder().stepsWithProportionalWarmup(50).build().stepsPerRound()).isEqualTo(50);
    }

    @Test
    void matchingParsesCommandLineNames() {
        assertThat(Matching.parse("Region")).isEqualTo(Matching.REGION);
        assertThat(Matching.parse("pixel")).isEqualTo(Matching.PIXEL);
        assertThatThrownBy(() -> Matching.parse("global"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("unknown matching 'global'; expected one of region, pixel, image");
    }
}
