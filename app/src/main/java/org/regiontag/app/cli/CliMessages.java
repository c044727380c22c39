package org.regiontag.app.cli;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of the command line, from {@code org/regiontag/app/cli/messages.properties}. */
final class CliMessages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.app.cli.messages", CliMessages.class);

    private CliMessages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
