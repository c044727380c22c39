package org.regiontag.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.engine.clip.ClipModel;
import org.regiontag.engine.demo.pretrain.DemoEvalSettings;
import org.regiontag.engine.demo.pretrain.DemoModelEvaluation;
import org.regiontag.engine.demo.pretrain.DemoModelEvaluator;
import org.regiontag.engine.demo.pretrain.DemoModelShape;
import org.regiontag.engine.models.EmbeddedModel;
import org.regiontag.engine.models.ModelCache;
import org.slf4j.LoggerFactory;

/**
 * The demo model in the {@code assets} module, loaded the way the product loads it: through
 * {@link EmbeddedModel} and {@link ClipModel}, and scored on new images of the demo test split
 * before any training round.
 */
class ShippedDemoModelTest {

    /** Test images scored; 200 give each category about 37 positive images. */
    private static final int IMAGES = 200;

    @TempDir
    Path temp;

    @Test
    void shippedModelScoresTheDemoCategories() throws IOException {
        EmbeddedModel embedded = new EmbeddedModel(ShippedDemoModelTest.class.getClassLoader());
        assertThat(embedded.isAvailable()).as("demo model files under %s", EmbeddedModel.RESOURCE_FOLDER).isTrue();
        assertThat(embedded.size()).as("bytes of the shipped files").isBetween(1L, 8L * 1024 * 1024);

        Path folder = embedded.materialize(new ModelCache(temp.resolve("cache")));
        try (ClipModel model = ClipModel.load(folder, Device.cpu())) {
            assertThat(model.config().vision().imageSize()).isEqualTo(DemoModelShape.DEFAULT.imageSize());
            DemoModelEvaluation evaluation = DemoModelEvaluator.evaluate(model, DemoEvalSettings.DEFAULT, IMAGES);

            LoggerFactory.getLogger(ShippedDemoModelTest.class).info("shipped demo model: {}", evaluation.toJson());
            assertThat(evaluation.images()).isEqualTo(IMAGES);
            // Round 0 of the demo: prompt scoring with "a photo of a {}." before any training round.
            assertThat(evaluation.meanAveragePrecision()).as("prompt-scoring mAP").isGreaterThanOrEqualTo(80);
            // The hottest cell of the 8 x 8 heatmap shows the category; a random cell does in about 11%.
            assertThat(evaluation.cellPointing()).as("heatmap pointing, cells").isGreaterThanOrEqualTo(85);
        }
    }
}
