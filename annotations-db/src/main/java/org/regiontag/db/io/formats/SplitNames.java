package org.regiontag.db.io.formats;

import java.util.Locale;
import org.regiontag.db.io.Split;

/** Recognises the split in the folder and file names that datasets use, such as {@code val2017}. */
public final class SplitNames {

    private SplitNames() {
    }

    /**
     * Returns the split that a folder or file name starts with: {@code train*} (train2017, training,
     * trainval) is train, {@code val*} (val2017, valid, validation) is val and {@code test*} is test.
     * Returns {@code null} for any other name.
     */
    public static Split fromName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("train")) {
            return Split.TRAIN;
        }
        if (lower.startsWith("val")) {
            return Split.VAL;
        }
        if (lower.startsWith("test")) {
            return Split.TEST;
        }
        return null;
    }
}
