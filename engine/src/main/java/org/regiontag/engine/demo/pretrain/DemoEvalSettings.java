package org.regiontag.engine.demo.pretrain;

import org.regiontag.engine.demo.SceneGenerator;

/**
 * Where an evaluation of a model on demo scenes takes its test images, and how it scores them.
 *
 * @param seed the scene seed; test image {@code i} is scene {@code (seed, 2^32 + i)}, the test
 *     split of a demo dataset of that seed
 * @param sceneSize side in pixels at which scenes are rendered before they are resized, square, to
 *     the model's input
 * @param template the prompt template that scores each category, with {@code {}} for its name
 */
public record DemoEvalSettings(long seed, int sceneSize, String template) {

    /**
     * Seed 9, the demo dataset of the project's benchmarks; 224 px, the size demo datasets are
     * written at; the first of {@link SceneGenerator#PROMPT_TEMPLATES}, the wording to score with.
     */
    public static final DemoEvalSettings DEFAULT = new DemoEvalSettings(9, 224,
            SceneGenerator.PROMPT_TEMPLATES.get(0));

    public DemoEvalSettings {
        if (sceneSize < 16) {
            throw new IllegalArgumentException("scene size must be at least 16 pixels, found " + sceneSize);
        }
        if (template == null || !template.contains("{}")) {
            throw new IllegalArgumentException("the template needs a {} slot for the category, found " + template);
        }
    }
}
