package org.regiontag.db.repo;

import java.util.Locale;

/** The modality a category prototype comes from. */
public enum PrototypeKind {
    /** The learned positive prompt's text embedding. */
    TEXT,
    /** A running mean (or k-means centre) of region representations of known positive images. */
    VISUAL;

    public String storeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PrototypeKind fromStore(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
