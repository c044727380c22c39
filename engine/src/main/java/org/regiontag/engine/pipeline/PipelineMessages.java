package org.regiontag.engine.pipeline;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of this package, from {@code org/regiontag/engine/pipeline/messages.properties}. */
final class PipelineMessages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.engine.pipeline.messages",
            PipelineMessages.class);

    private PipelineMessages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
