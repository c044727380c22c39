package org.regiontag.engine.features;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of the feature cache, from {@code org/regiontag/engine/features/messages.properties}. */
final class FeatureMessages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.engine.features.messages",
            FeatureMessages.class);

    private FeatureMessages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
