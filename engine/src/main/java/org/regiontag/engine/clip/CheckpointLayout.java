package org.regiontag.engine.clip;

/** How a checkpoint folder names its tensors and describes its sizes. */
public enum CheckpointLayout {
    /**
     * Hugging Face {@code CLIPModel}: {@code config.json} with {@code text_config} and
     * {@code vision_config}, tensors such as {@code vision_model.pre_layrnorm.weight}.
     */
    HUGGING_FACE,
    /**
     * OpenAI's own parameter names ({@code visual.conv1.weight}, {@code ln_final.weight}) with
     * RegionTag's {@code config.json} ({@code "format": "regiontag-clip-openai"}); the layout of
     * checkpoints converted from OpenAI's archives, documented in {@code docs/checkpoints.md}.
     */
    OPENAI
}
