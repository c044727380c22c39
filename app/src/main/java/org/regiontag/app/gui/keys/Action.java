package org.regiontag.app.gui.keys;

import java.util.Locale;

/**
 * Everything a person can do in the main window with one key, with its default key. The keys are
 * written as {@link javafx.scene.input.KeyCombination#valueOf} reads them; {@code Shortcut} is Ctrl
 * on Linux and Windows and Cmd on macOS.
 */
public enum Action {
    NEXT_IMAGE("Right"),
    PREVIOUS_IMAGE("Left"),
    NEXT_CATEGORY("Down"),
    PREVIOUS_CATEGORY("Up"),
    ACCEPT("A"),
    REJECT("R"),
    MARK_POSITIVE("P"),
    MARK_NEGATIVE("N"),
    MARK_UNKNOWN("U"),
    ACCEPT_CONFIDENT("Shift+A"),
    UNDO("Shortcut+Z"),
    REDO("Shortcut+Shift+Z"),
    ZOOM_IN("Equals"),
    ZOOM_OUT("Minus"),
    ZOOM_FIT("0"),
    TOGGLE_HEATMAP("H"),
    SWITCH_MAP_KIND("M"),
    WHY("W"),
    REVIEW_GRID("G"),
    GRID_ACCEPT_PAGE("Enter"),
    FINE_TUNE("Shortcut+T"),
    HELP("F1");

    private final String defaultKey;

    Action(String defaultKey) {
        this.defaultKey = defaultKey;
    }

    /** Returns the key this action has until the user remaps it. */
    public String defaultKey() {
        return defaultKey;
    }

    /** Returns the key of the action's name in the message bundle, such as {@code action.next_image}. */
    public String messageKey() {
        return "action." + name().toLowerCase(Locale.ROOT);
    }
}
