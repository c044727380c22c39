package org.regiontag.engine.clip.nn;

import java.util.Map;

/**
 * A block whose parameters are listed under the names of OpenAI's CLIP code (for example
 * {@code visual.transformer.resblocks.3.attn.in_proj_weight}), the vocabulary that the checkpoint
 * loader maps every layout onto.
 */
public interface NamedParameters {

    /** Adds every parameter of this block and its children to {@code into}, each under {@code prefix + its name}. */
    void collectParameters(String prefix, Map<String, NamedParameter> into);
}
