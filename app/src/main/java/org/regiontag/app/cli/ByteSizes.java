package org.regiontag.app.cli;

import java.util.Locale;

/** Byte counts for people, in decimal units (kB, MB, GB) as the Hugging Face hub shows file sizes. */
final class ByteSizes {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private ByteSizes() {
    }

    static String format(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
