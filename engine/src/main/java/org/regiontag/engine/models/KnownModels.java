package org.regiontag.engine.models;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The catalogue of checkpoints that {@code regiontag model get} downloads: OpenAI's CLIP ViT
 * checkpoints as the {@code transformers} library publishes them on the hub. OpenAI's ResNet
 * checkpoints (RN50, RN101) are not published in that layout; {@code regiontag model import}
 * converts OpenAI's original {@code .pt} archives instead.
 */
public final class KnownModels {

    /** The branch downloaded. */
    // NOTE: "main" follows the repositories' updates, and no commit is pinned because none could
    // be checked against the live hub from here. Every file is still verified against the digests
    // that the hub publishes for that revision.
    static final String REVISION = "main";

    private static final List<String> FILES = List.of(ModelFiles.CONFIG, ModelFiles.PREPROCESSOR,
            ModelFiles.TOKENIZER, ModelFiles.WEIGHTS);

    private static final List<KnownModel> ALL = List.of(
            new KnownModel("clip-vit-base-patch16", "openai/clip-vit-base-patch16", REVISION, FILES,
                    "CLIP ViT-B/16, 224 px, embedDim 512"),
            new KnownModel("clip-vit-base-patch32", "openai/clip-vit-base-patch32", REVISION, FILES,
                    "CLIP ViT-B/32, 224 px, embedDim 512"),
            new KnownModel("clip-vit-large-patch14", "openai/clip-vit-large-patch14", REVISION, FILES,
                    "CLIP ViT-L/14, 224 px, embedDim 768"));

    private KnownModels() {
    }

    public static List<KnownModel> all() {
        return ALL;
    }

    public static Optional<KnownModel> find(String name) {
        return ALL.stream().filter(model -> model.name().equals(name)).findFirst();
    }

    /** Returns the known names, comma-separated, for error messages. */
    public static String names() {
        return ALL.stream().map(KnownModel::name).collect(Collectors.joining(", "));
    }
}
