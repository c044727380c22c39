package org.regiontag.engine.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.features.PreprocessingKey.ResizeMode;

class FeatureKeyTest {

    private static final PreprocessingKey CLIP_CROP_224 = PreprocessingKey.clip(ResizeMode.CROP, 224);

    @Test
    void stableStringWritesNineDigitsOfEachFloat() {
        // Expected string from Python's decimal module on numpy.float32 values, 9 significant digits.
        assertThat(CLIP_CROP_224.stableString()).isEqualTo(
                "crop/224/mean=0.481454670,0.457827508,0.408210725/std=0.268629551,0.261302590,0.275777102");
    }

    @Test
    void cacheKeyIsPinned() {
        // Expected value from Python: sha256("regiontag-features/1\n<backbone>\n<stable string>")[:16].
        FeatureKey key = new FeatureKey("openai/clip-vit-base-patch16@abc", CLIP_CROP_224);

        assertThat(key.cacheKey()).isEqualTo("3a0d211b4e772f59");
    }

    @Test
    void anyChangeGivesAnotherKey() {
        String base = new FeatureKey("backbone-a", CLIP_CROP_224).cacheKey();

        assertThat(new FeatureKey("backbone-b", CLIP_CROP_224).cacheKey()).isNotEqualTo(base);
        assertThat(new FeatureKey("backbone-a", PreprocessingKey.clip(ResizeMode.SQUARE, 224)).cacheKey())
                .isNotEqualTo(base);
        assertThat(new FeatureKey("backbone-a", PreprocessingKey.clip(ResizeMode.CROP, 448)).cacheKey())
                .isNotEqualTo(base);
        List<Float> otherMean = List.of(0.5f, 0.4578275f, 0.40821073f);
        assertThat(new FeatureKey("backbone-a", new PreprocessingKey(ResizeMode.CROP, 224, otherMean,
                PreprocessingKey.CLIP_STD)).cacheKey()).isNotEqualTo(base);
        float nextMean = Math.nextUp(0.48145466f);
        assertThat(new FeatureKey("backbone-a", new PreprocessingKey(ResizeMode.CROP, 224,
                List.of(nextMean, 0.4578275f, 0.40821073f), PreprocessingKey.CLIP_STD)).cacheKey())
                .as("one ulp of difference").isNotEqualTo(base);
    }

    @Test
    void equalSettingsAreEqualKeys() {
        PreprocessingKey copy = new PreprocessingKey(ResizeMode.CROP, 224, List.of(0.48145466f, 0.4578275f, 0.40821073f),
                List.of(0.26862954f, 0.26130258f, 0.27577711f));

        assertThat(copy).isEqualTo(CLIP_CROP_224).hasSameHashCodeAs(CLIP_CROP_224);
        assertThat(new FeatureKey("b", copy).cacheKey()).isEqualTo(new FeatureKey("b", CLIP_CROP_224).cacheKey());
    }

    @Test
    void invalidPreprocessingIsRejected() {
        assertThatThrownBy(() -> new PreprocessingKey(ResizeMode.CROP, 0, PreprocessingKey.CLIP_MEAN,
                PreprocessingKey.CLIP_STD)).hasMessageContaining("size");
        assertThatThrownBy(() -> new PreprocessingKey(ResizeMode.CROP, 224, List.of(0.5f),
                PreprocessingKey.CLIP_STD)).hasMessageContaining("mean needs 3");
        assertThatThrownBy(() -> new PreprocessingKey(ResizeMode.CROP, 224, PreprocessingKey.CLIP_MEAN,
                List.of(0.2f, 0f, 0.2f))).hasMessageContaining("positive");
        assertThatThrownBy(() -> ResizeMode.fromId("stretch")).hasMessage(
                "unknown resize mode 'stretch'; expected one of crop, square");
    }
}
