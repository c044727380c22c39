package org.regiontag.app.gui.keys;

import java.io.IOException;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.regiontag.app.gui.GuiText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key bindings as the settings dialog and the help overlay show them, with remapping that
 * rejects a key another action already has.
 */
public final class KeymapViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(KeymapViewModel.class);

    private final KeymapStore store;
    private final ObjectProperty<Keymap> keymap = new SimpleObjectProperty<>(this, "keymap");
    private final ObservableList<KeyBinding> bindings = FXCollections.observableArrayList();

    public KeymapViewModel(KeymapStore store) {
        this.store = store;
        setKeymap(store.load());
    }

    /** The keymap in force; the main window matches key presses against it. */
    public ReadOnlyObjectProperty<Keymap> keymapProperty() {
        return keymap;
    }

    public Keymap keymap() {
        return keymap.get();
    }

    /** Every action with its key, in the order of {@link Action}. */
    public ObservableList<KeyBinding> bindings() {
        return bindings;
    }

    /**
     * Gives {@code action} the key {@code combination} and saves the keymap.
     *
     * @return empty when the key was set; otherwise the sentence to show, naming the action that
     *     already has the key
     */
    public Optional<String> remap(Action action, String combination) {
        Optional<String> key = KeyNames.canonical(combination);
        if (key.isEmpty()) {
            return Optional.of(GuiText.text("keys.invalid", String.valueOf(combination)));
        }
        Optional<Action> owner = keymap().actionOf(key.get());
        if (owner.isPresent() && owner.get() != action) {
            return Optional.of(GuiText.text("keys.conflict", KeyNames.display(key.get()),
                    GuiText.text(owner.get().messageKey())));
        }
        return apply(keymap().with(action, key.get()));
    }

    /** Restores every default key and saves the keymap. */
    public Optional<String> resetToDefaults() {
        return apply(Keymap.defaults());
    }

    private Optional<String> apply(Keymap changed) {
        try {
            store.save(changed);
        } catch (IOException e) {
            LOG.warn("Cannot save the keys to {}", store.file(), e);
            setKeymap(changed);
            return Optional.of(GuiText.text("keys.saveFailed", store.file(), e.getMessage()));
        }
        setKeymap(changed);
        return Optional.empty();
    }

    private void setKeymap(Keymap value) {
        keymap.set(value);
        bindings.setAll(value.keys().entrySet().stream().map(entry -> new KeyBinding(entry.getKey(), entry.getValue()))
                .toList());
    }
}
