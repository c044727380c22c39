package org.regiontag.engine.project;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of this package, from {@code org/regiontag/engine/project/messages.properties}. */
final class ProjectMessages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.engine.project.messages",
            ProjectMessages.class);

    private ProjectMessages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
