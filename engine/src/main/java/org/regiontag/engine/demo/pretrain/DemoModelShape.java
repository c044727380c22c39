package org.regiontag.engine.demo.pretrain;

import java.util.List;
import org.regiontag.engine.clip.Activation;
import org.regiontag.engine.clip.CheckpointLayout;
import org.regiontag.engine.clip.ClipConfig;
import org.regiontag.engine.clip.TextConfig;
import org.regiontag.engine.clip.TransformerConfig;
import org.regiontag.engine.clip.resnet.ResNetVisionConfig;

/**
 * Sizes of the demo's tiny CLIP: a two-stage CLIP ResNet at 64 px with an 8 by 8 dense grid and a
 * three-layer text transformer, in CLIP's own architecture so that it loads through the same
 * checkpoint path as a real CLIP.
 *
 * @param visionWidth channels after the ResNet's stem; the stages have {@code width} and
 *     {@code 2·width} planes and output four times that, so the attention pool is {@code 8·width}
 *     wide
 * @param visionHeads heads of the attention pool
 * @param imageSize input side in pixels
 * @param embedDim width of the joint image-text space
 * @param textWidth width of the text transformer
 * @param textLayers blocks of the text transformer
 * @param textHeads heads of the text transformer
 */
public record DemoModelShape(int visionWidth, int visionHeads, int imageSize, int embedDim, int textWidth,
        int textLayers, int textHeads) {

    /**
     * The shipped model's sizes.
     *
     * <ul>
     * <li>64 px and two stages: the scene generator's objects stay recognisable at 64 px, and the
     *     stem's 4-fold and the second stage's 2-fold downsampling end on the 8 by 8 grid of the
     *     generator's coverage masks.
     * <li>Width 32: a 256-wide attention pool with 64 channels per head, about 0.6 M image-tower
     *     parameters, close to the compute of the small ResNet that reached 90 mAP on these scenes
     *     in a PyTorch trial.
     * <li>Text width 128, 3 layers: the same trial's text tower; the demo's prompts are short.
     * <li>Joint space of 128: enough for 12 categories and their positions, small for the feature cache.
     * </ul>
     */
    public static final DemoModelShape DEFAULT = new DemoModelShape(32, 4, 64, 128, 128, 3, 2);

    /** CLIP's context length, kept so that prompts of any length that CLIP accepts also fit here. */
    public static final int CONTEXT_LENGTH = 77;

    public DemoModelShape {
        if (visionWidth < 2 || visionWidth % 2 != 0 || visionHeads < 1 || imageSize < 8 || embedDim < 1
                || textWidth < 1 || textLayers < 1 || textHeads < 1 || textWidth % textHeads != 0) {
            throw new IllegalArgumentException("invalid demo model sizes: " + visionWidth + ", " + visionHeads + ", "
                    + imageSize + ", " + embedDim + ", " + textWidth + ", " + textLayers + ", " + textHeads);
        }
    }

    /** Returns the checkpoint configuration for a tokenizer of {@code vocabularySize} tokens. */
    public ClipConfig clipConfig(int vocabularySize) {
        // CLIP's MLPs are four times as wide as the stream; QuickGELU and 1e-5 are OpenAI's choices.
        TransformerConfig text = new TransformerConfig(textWidth, textLayers, textHeads, 4 * textWidth,
                Activation.QUICK_GELU, 1e-5);
        ResNetVisionConfig vision = new ResNetVisionConfig(List.of(2, 2), visionWidth, visionHeads, imageSize,
                embedDim);
        return new ClipConfig(CheckpointLayout.OPENAI, embedDim, new TextConfig(vocabularySize, CONTEXT_LENGTH, text),
                vision);
    }
}
