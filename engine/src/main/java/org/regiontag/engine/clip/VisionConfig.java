package org.regiontag.engine.clip;

/**
 * Sizes of a CLIP image tower; {@code config.json} tells the kind apart by {@code vision.type}
 * ({@code vit} or {@code resnet}) in RegionTag's OpenAI-names layout.
 */
public interface VisionConfig {

    /** The kind's name in {@code config.json}, such as {@code vit}. */
    String type();

    /** The side in pixels of the square input the tower was trained at. */
    int imageSize();
}
