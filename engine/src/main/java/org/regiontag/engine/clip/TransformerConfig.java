package org.regiontag.engine.clip;

/**
 * Sizes of one stack of pre-LN transformer blocks (a CLIP text or ViT tower).
 *
 * @param width the residual stream's width (Hugging Face {@code hidden_size})
 * @param layers number of blocks ({@code num_hidden_layers})
 * @param heads number of attention heads ({@code num_attention_heads}); {@code width} must divide evenly
 * @param mlpWidth hidden width of each block's MLP ({@code intermediate_size}); not assumed to be 4 × width
 * @param activation the MLP activation ({@code hidden_act})
 * @param layerNormEps epsilon of every layer norm of the tower ({@code layer_norm_eps})
 */
public record TransformerConfig(int width, int layers, int heads, int mlpWidth, Activation activation,
        double layerNormEps) {

    public TransformerConfig {
        requirePositive("width", width);
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        requirePositive("mlpWidth", mlpWidth);
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not divisible by heads " + heads);
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation is required; expected one of " + Activation.choices());
        }
        if (!(layerNormEps > 0) || Double.isInfinite(layerNormEps)) {
            throw new IllegalArgumentException("layerNormEps must be a positive number, found " + layerNormEps);
        }
    }

    /** Width of one attention head; CLIP's released models use 64, but nothing here assumes it. */
    public int headWidth() {
        return width / heads;
    }

    static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, found " + value);
        }
    }
}
