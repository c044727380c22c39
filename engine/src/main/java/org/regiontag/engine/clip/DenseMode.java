package org.regiontag.engine.clip;

/** The construction of the ViT's dense features in the joint space. */
public enum DenseMode {
    /** Every patch token of the last layer through {@code ln_post} and {@code proj}. */
    PROJECTED_TOKENS,
    /**
     * MaskCLIP's variant: the last block's value path only, skipping its query-key attention,
     * so each location keeps its own content (usually cleaner maps); see
     * {@link org.regiontag.engine.clip.nn.ResidualAttentionBlock#valuePath}.
     */
    VALUE_PATH
}
