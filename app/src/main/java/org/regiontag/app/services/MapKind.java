package org.regiontag.app.services;

import java.util.Locale;

/** Which similarity a heatmap draws. */
public enum MapKind {
    /** The category's text embedding against every location of the dense feature map. */
    TEXT_PIXEL,
    /** The category's region representation (its visual prototype) against every location. */
    REGION;

    /** Returns the name on the command line and in settings: {@code text-pixel} or {@code region}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
