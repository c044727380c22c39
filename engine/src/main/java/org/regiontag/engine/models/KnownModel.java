package org.regiontag.engine.models;

import java.util.List;

/**
 * A checkpoint that {@code regiontag model get} can download from the Hugging Face hub.
 *
 * @param name the name used on the command line and as the cache folder's name
 * @param repo the hub repository, such as {@code openai/clip-vit-base-patch16}
 * @param revision the branch, tag or commit to download
 * @param files the files to download, all of which must exist at that revision
 * @param description one line for {@code model list}
 */
public record KnownModel(String name, String repo, String revision, List<String> files, String description) {

    public KnownModel {
        files = List.copyOf(files);
    }
}
