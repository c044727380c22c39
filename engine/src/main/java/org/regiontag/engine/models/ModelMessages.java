package org.regiontag.engine.models;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of model management, from {@code org/regiontag/engine/models/messages.properties}. */
final class ModelMessages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.engine.models.messages",
            ModelMessages.class);

    private ModelMessages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
