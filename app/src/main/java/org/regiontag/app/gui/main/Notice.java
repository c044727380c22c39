package org.regiontag.app.gui.main;

/**
 * A sentence in the main window's notice bar.
 *
 * @param kind how it is shown
 * @param text the sentence, with what to do
 * @param actionLabel the label of the button beside it, or {@code null} for none
 * @param action what the button does, or {@code null}
 */
public record Notice(Kind kind, String text, String actionLabel, Runnable action) {

    /** How a notice is shown; information disappears by itself, the others stay until dismissed. */
    public enum Kind {
        INFO, WARNING, ERROR
    }

    public static Notice info(String text) {
        return new Notice(Kind.INFO, text, null, null);
    }

    public static Notice error(String text) {
        return new Notice(Kind.ERROR, text, null, null);
    }
}
