package org.regiontag.app.gui;

/** Where view models send sentences for the user: the main window's notice bar. Called on the {@code ui} executor. */
public interface Notifier {

    /** Shows a remark that needs no action, such as "Undone: …". */
    void info(String sentence);

    /** Shows a failure with what to do; the caller has logged the detail. */
    void error(String sentence);
}
