package org.regiontag.engine.train;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of the training package, from {@code org/regiontag/engine/train/messages.properties}. */
final class TrainMessages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.engine.train.messages",
            TrainMessages.class);

    private TrainMessages() {
    }

    static MessageBundle get() {
        return BUNDLE;
    }
}
