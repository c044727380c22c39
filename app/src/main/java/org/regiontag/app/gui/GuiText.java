package org.regiontag.app.gui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The application's user-facing text, from {@code org/regiontag/app/gui/messages.properties}, so
 * that translations can be added as {@code messages_<locale>.properties} files. FXML files read the
 * same bundle through {@code %key}.
 *
 * <p>Patterns use {@link MessageFormat} syntax; a single quote is written twice.
 */
public final class GuiText {

    public static final String BUNDLE = "org.regiontag.app.gui.messages";

    private GuiText() {
    }

    /** Returns the bundle for the default locale, for {@code FXMLLoader}. */
    public static ResourceBundle bundle() {
        return ResourceBundle.getBundle(BUNDLE, Locale.getDefault(), GuiText.class.getClassLoader());
    }

    /** Formats the message {@code key} with the given arguments. */
    public static String text(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle().getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("message key '" + key + "' is missing from bundle " + BUNDLE, e);
        }
        if (args.length == 0) {
            return new MessageFormat(pattern, Locale.getDefault()).format(new Object[0]);
        }
        return new MessageFormat(pattern, Locale.getDefault()).format(args);
    }
}
