package org.regiontag.app.services;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of the services, from {@code org/regiontag/app/services/messages.properties}. */
final class Messages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.app.services.messages",
            Messages.class);

    private Messages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
