package org.regiontag.engine.heatmap;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of this package, from {@code org/regiontag/engine/heatmap/messages.properties}. */
final class HeatmapMessages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.engine.heatmap.messages",
            HeatmapMessages.class);

    private HeatmapMessages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
