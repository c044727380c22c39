package org.regiontag.engine.bench;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of this package, from {@code org/regiontag/engine/bench/messages.properties}. */
final class BenchMessages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.engine.bench.messages",
            BenchMessages.class);

    private BenchMessages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
