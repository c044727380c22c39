package org.regiontag.engine.models;

import java.util.List;

/** File names of a checkpoint in the Hugging Face layout, as {@code CLIPModel} checkpoints ship them. */
public final class ModelFiles {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String TOKENIZER = "tokenizer.json";
    /** The image preprocessing settings; optional, because CLIP's defaults apply without it. */
    public static final String PREPROCESSOR = "preprocessor_config.json";

    /** The files a folder needs to be usable as a model. */
    public static final List<String> REQUIRED = List.of(CONFIG, WEIGHTS, TOKENIZER);

    private ModelFiles() {
    }
}
