package org.regiontag.db.io;

import java.util.Locale;

/** The dataset split an image belongs to. */
public enum Split {
    TRAIN,
    VAL,
    TEST;

    /** The split's name in the store and on the command line: {@code train}, {@code val} or {@code test}. */
    public String storeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code train}, {@code val} or {@code test} (any case); {@code trainval} is not a split. */
    public static Split parse(String name) {
        for (Split split : values()) {
            if (split.storeName().equalsIgnoreCase(name)) {
                return split;
            }
        }
        throw new IllegalArgumentException("unknown split '" + name + "'; expected one of train, val, test");
    }
}
