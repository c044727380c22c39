package org.regiontag.engine.clip;

import org.regiontag.engine.clip.resnet.ResNetVisionConfig;

/**
 * Everything that fixes the shapes of a CLIP checkpoint.
 *
 * @param layout how the checkpoint names its tensors
 * @param embedDim width of the joint image-text space (Hugging Face {@code projection_dim})
 * @param text the text tower
 * @param vision the image tower
 */
public record ClipConfig(CheckpointLayout layout, int embedDim, TextConfig text, VisionConfig vision) {

    public ClipConfig {
        if (layout == null || text == null || vision == null) {
            throw new IllegalArgumentException("layout, text and vision are required");
        }
        TransformerConfig.requirePositive("embedDim", embedDim);
        if (vision instanceof ResNetVisionConfig resNet && resNet.outputDim() != embedDim) {
            // The attention pool's c_proj projects straight into the joint space.
            throw new IllegalArgumentException("vision.output_dim " + resNet.outputDim() + " differs from embed_dim "
                    + embedDim + "; the ResNet's output is the joint embedding");
        }
    }
}
