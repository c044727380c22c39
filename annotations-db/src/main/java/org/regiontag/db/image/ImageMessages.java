package org.regiontag.db.image;

import org.regiontag.db.i18n.MessageBundle;

/** The user-facing text of this package, from {@code org/regiontag/db/image/messages.properties}. */
final class ImageMessages {

    static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.db.image.messages", ImageMessages.class);

    private ImageMessages() {
    }
}
