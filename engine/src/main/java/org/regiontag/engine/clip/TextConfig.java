package org.regiontag.engine.clip;

/**
 * Sizes of CLIP's text tower.
 *
 * @param vocabSize rows of the token embedding; must match the tokenizer's vocabulary
 * @param contextLength rows of the positional embedding, the longest prompt in tokens (77 in CLIP)
 * @param transformer the causal transformer's sizes
 */
public record TextConfig(int vocabSize, int contextLength, TransformerConfig transformer) {

    public TextConfig {
        TransformerConfig.requirePositive("vocabSize", vocabSize);
        TransformerConfig.requirePositive("contextLength", contextLength);
        if (transformer == null) {
            throw new IllegalArgumentException("transformer is required");
        }
    }
}
