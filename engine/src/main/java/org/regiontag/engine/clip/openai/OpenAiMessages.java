package org.regiontag.engine.clip.openai;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of the archive import, from {@code org/regiontag/engine/clip/openai/messages.properties}. */
final class OpenAiMessages {

    private static final MessageBundle BUNDLE =
            new MessageBundle("org.regiontag.engine.clip.openai.messages", OpenAiMessages.class);

    private OpenAiMessages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
