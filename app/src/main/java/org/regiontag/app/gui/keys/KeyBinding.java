package org.regiontag.app.gui.keys;

/**
 * The key of one action.
 *
 * @param action the action
 * @param key the key combination in canonical form, such as {@code Shortcut+Z}
 */
public record KeyBinding(Action action, String key) {
}
