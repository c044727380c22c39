package org.regiontag.engine.clip;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of the CLIP package, from {@code org/regiontag/engine/clip/messages.properties}. */
final class ClipMessages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.engine.clip.messages", ClipMessages.class);

    private ClipMessages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
