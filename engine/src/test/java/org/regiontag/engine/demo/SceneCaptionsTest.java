package org.regiontag.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SceneCaptionsTest {

    private static final Pattern COLOUR_WORD = Pattern.compile(
            "\\b(black|white|grey|red|orange|brown|yellow|green|cyan|blue|purple|pink)\\b");
    private static final Rgb RED = new Rgb(0.9, 0.1, 0.1);
    private static final Rgb BLUE = new Rgb(0.1, 0.2, 0.9);

    private final SceneGenerator generator = new SceneGenerator();

    @Test
    void captionsNameObjectsLeftToRight() {
        Scene scene = SceneLabelsTest.scene(List.of(
                SceneObject.plain(SceneCategory.RING, BLUE, 0.75, 0.5, 0.15, 0),
                SceneObject.plain(SceneCategory.STAR, RED, 0.3, 0.5, 0.25, 0)));

        SceneLabels labels = generator.labels(scene);

        assertThat(labels.caption()).isEqualTo("a star and a small ring");
        assertThat(labels.captionWithColours()).isEqualTo("a red star and a small blue ring");
    }

    @Test
    void repeatedCategoriesMergeIntoCount() {
        Scene scene = SceneLabelsTest.scene(List.of(
                SceneObject.plain(SceneCategory.STAR, RED, 0.2, 0.3, 0.2, 0),
                SceneObject.plain(SceneCategory.ARROW, BLUE, 0.5, 0.7, 0.4, 0),
                SceneObject.plain(SceneCategory.STAR, BLUE, 0.8, 0.3, 0.2, 0)));

        SceneLabels labels = generator.labels(scene);

        assertThat(labels.caption()).isEqualTo("two stars and a large arrow");
        assertThat(labels.captionWithColours()).isEqualTo("a red star, a large blue arrow and a blue star");
    }

    @Test
    void hiddenObjectsStayOutOfCaptions() {
        Scene scene = SceneLabelsTest.scene(List.of(
                SceneObject.plain(SceneCategory.HEART, RED, 0.5, 0.5, 0.15, 0),
                SceneObject.plain(SceneCategory.UMBRELLA, BLUE, 0.5, 0.5, 0.3, 0),
                SceneObject.plain(SceneCategory.CIRCLE, RED, 0.5, 0.5, 0.6, 0)));

        assertThat(generator.labels(scene).caption()).isEqualTo("a large circle");
    }

    @Test
    void defaultCaptionsHaveNoColourWords() {
        for (long index = 0; index < 300; index++) {
            SceneLabels labels = generator.labels(generator.generate(31, index));

            assertThat(COLOUR_WORD.matcher(labels.caption()).find()).as(labels.caption()).isFalse();
            assertThat(COLOUR_WORD.matcher(labels.captionWithColours()).find()).as(labels.captionWithColours())
                    .isTrue();
        }
    }

    @Test
    void captionsNameEveryPresentCategory() {
        for (long index = 0; index < 300; index++) {
            SceneLabels labels = generator.labels(generator.generate(32, index));

            for (SceneCategory category : SceneCategory.values()) {
                Pattern name = Pattern.compile("\\b(" + category.label() + "|" + category.plural() + ")\\b");
                assertThat(name.matcher(labels.caption()).find()).as("%s in '%s'", category.label(), labels.caption())
                        .isEqualTo(labels.isPresent(category));
                assertThat(name.matcher(labels.captionWithColours()).find())
                        .as("%s in '%s'", category.label(), labels.captionWithColours())
                        .isEqualTo(labels.isPresent(category));
            }
        }
    }

    @Test
    void articleFollowsFirstSound() {
        assertThat(SceneCaptions.withArticle("arrow")).isEqualTo("an arrow");
        assertThat(SceneCaptions.withArticle("umbrella")).isEqualTo("an umbrella");
        assertThat(SceneCaptions.withArticle("orange star")).isEqualTo("an orange star");
        assertThat(SceneCaptions.withArticle("small arrow")).isEqualTo("a small arrow");
    }

    @Test
    void colourNamesMatchPlainColours() {
        assertThat(new Rgb(0.9, 0.1, 0.1).colourName()).isEqualTo("red");
        assertThat(new Rgb(0.1, 0.8, 0.1).colourName()).isEqualTo("green");
        assertThat(new Rgb(0.1, 0.2, 0.9).colourName()).isEqualTo("blue");
        assertThat(new Rgb(0.95, 0.9, 0.1).colourName()).isEqualTo("yellow");
        assertThat(new Rgb(1.0, 0.55, 0.0).colourName()).isEqualTo("orange");
        assertThat(new Rgb(0.5, 0.3, 0.1).colourName()).isEqualTo("brown");
        assertThat(new Rgb(0.1, 0.85, 0.85).colourName()).isEqualTo("cyan");
        assertThat(new Rgb(0.5, 0.1, 0.8).colourName()).isEqualTo("purple");
        assertThat(new Rgb(1.0, 0.6, 0.7).colourName()).isEqualTo("pink");
        assertThat(new Rgb(0.05, 0.05, 0.05).colourName()).isEqualTo("black");
        assertThat(new Rgb(0.97, 0.97, 0.97).colourName()).isEqualTo("white");
        assertThat(new Rgb(0.5, 0.5, 0.52).colourName()).isEqualTo("grey");
    }

    @Test
    void hsvConversionMatchesKnownColours() {
        assertThat(Rgb.fromHsv(0, 1, 1)).isEqualTo(new Rgb(1, 0, 0));
        assertThat(Rgb.fromHsv(1.0 / 3, 1, 1)).isEqualTo(new Rgb(0, 1, 0));
        assertThat(Rgb.fromHsv(2.0 / 3, 1, 1)).isEqualTo(new Rgb(0, 0, 1));
        assertThat(Rgb.fromHsv(0.5, 0, 0.5)).isEqualTo(new Rgb(0.5, 0.5, 0.5));
    }
}
