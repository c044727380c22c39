package org.regiontag.app.gui.keys;

import java.util.Locale;
import java.util.Optional;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * Parses and names key combinations without the FX toolkit, so that key bindings can be checked
 * and saved by view models in tests.
 */
public final class KeyNames {

    private KeyNames() {
    }

    /**
     * Returns the canonical form of a combination ({@code shift+a} and {@code Shift+A} give the same),
     * or empty when the text names no key. Keys are named by their code ({@code A}, {@code F1},
     * {@code Equals}), not by the character they type, so that a binding works on every keyboard layout.
     */
    public static Optional<String> canonical(String combination) {
        if (combination == null || combination.isBlank()) {
            return Optional.empty();
        }
        try {
            KeyCombination parsed = KeyCombination.valueOf(combination.strip());
            return parsed instanceof KeyCodeCombination ? Optional.of(parsed.getName()) : Optional.empty();
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Returns the combination as people read it on this system: {@code Shortcut} becomes Ctrl or Cmd. */
    public static String display(String combination) {
        String shortcut = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac") ? "Cmd" : "Ctrl";
        return combination.replace("Shortcut", shortcut);
    }
}
