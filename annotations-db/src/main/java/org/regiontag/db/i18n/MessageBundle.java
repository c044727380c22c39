package org.regiontag.db.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing text of one module, read from a resource bundle so that translations can be added
 * as {@code messages_<locale>.properties} files without touching code.
 *
 * <p>Patterns use {@link MessageFormat} syntax ({@code {0}}, {@code {1,number,integer}}); a single
 * quote must be written twice.
 */
public final class MessageBundle {

    private final String baseName;
    private final ClassLoader loader;

    /**
     * @param baseName the bundle's base name, such as {@code org.regiontag.db.messages}
     * @param anchor a class of the module that holds the bundle, whose class loader finds it
     */
    public MessageBundle(String baseName, Class<?> anchor) {
        this.baseName = baseName;
        this.loader = anchor.getClassLoader();
    }

    /** Formats the message {@code key} for the default locale with the given arguments. */
    public String format(String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle(baseName, Locale.getDefault(), loader);
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("message key '" + key + "' is missing from bundle " + baseName, e);
        }
        return new MessageFormat(pattern, Locale.getDefault()).format(args);
    }
}
