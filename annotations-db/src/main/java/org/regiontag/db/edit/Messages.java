package org.regiontag.db.edit;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of this package, from {@code org/regiontag/db/edit/messages.properties}. */
final class Messages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.db.edit.messages", Messages.class);

    private Messages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
