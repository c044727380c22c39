package org.regiontag.engine.demo;

import java.util.List;

/**
 * A complete description of one synthetic image, from which renders at any pixel size, labels,
 * masks and captions follow.
 *
 * @param seed the dataset seed the scene was generated from (0 for hand-made scenes)
 * @param index the scene's index within that seed
 * @param background the background
 * @param strokes distractor strokes; those marked in front are drawn over the objects
 * @param objects the objects from back to front: a later object hides an earlier one
 */
public record Scene(long seed, long index, Background background, List<DistractorStroke> strokes,
        List<SceneObject> objects) {

    public Scene {
        strokes = List.copyOf(strokes);
        objects = List.copyOf(objects);
    }
}
