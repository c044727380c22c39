package org.regiontag.db.io.csv;

import org.regiontag.db.i18n.MessageBundle;

/** User-facing text of this package, from {@code org/regiontag/db/io/csv/messages.properties}. */
final class Messages {

    private static final MessageBundle BUNDLE = new MessageBundle("org.regiontag.db.io.csv.messages", Messages.class);

    private Messages() {
    }

    /**
     * Formats a message. Text arguments come from the file, where a quoted field may contain line
     * breaks and other control characters, so these are shown as escapes ({@code \n}, {@code \u0000})
     * and the message stays on one line.
     */
    static String format(String key, Object... args) {
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            shown[i] = args[i] instanceof String text ? printable(text) : args[i];
        }
        return BUNDLE.format(key, shown);
    }

    static String printable(String text) {
        StringBuilder shown = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c)) {
                if (shown != null) {
                    shown.append(c);
                }
                continue;
            }
            if (shown == null) {
                shown = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                default -> shown.append(String.format("\\u%04x", (int) c));
            }
        }
        return shown == null ? text : shown.toString();
    }
}
