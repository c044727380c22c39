package org.regiontag.engine.clip.resnet;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of the ResNet tower, from {@code org/regiontag/engine/clip/resnet/messages.properties}. */
final class ResNetMessages {

    private static final MessageBundle BUNDLE =
            new MessageBundle("org.regiontag.engine.clip.resnet.messages", ResNetMessages.class);

    private ResNetMessages() {
    }

    static String format(String key, Object... args) {
        return BUNDLE.format(key, args);
    }
}
