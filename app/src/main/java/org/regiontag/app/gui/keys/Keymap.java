package org.regiontag.app.gui.keys;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key of every {@link Action}; no two actions share a key. Immutable: a change returns a new keymap.
 */
public final class Keymap {

    private final Map<Action, String> keys;

    private Keymap(Map<Action, String> keys) {
        this.keys = Collections.unmodifiableMap(new EnumMap<>(keys));
    }

    /** Returns the default keys. */
    public static Keymap defaults() {
        Map<Action, String> keys = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            keys.put(action, KeyNames.canonical(action.defaultKey()).orElseThrow(
                    () -> new IllegalStateException("the default key of " + action + " does not parse")));
        }
        return new Keymap(keys);
    }

    /**
     * Returns a keymap with the given keys.
     *
     * @param keys a canonical key for every action, no key twice
     * @throws IllegalArgumentException when an action lacks a key or two share one
     */
    static Keymap of(Map<Action, String> keys) {
        if (keys.size() != Action.values().length) {
            throw new IllegalArgumentException("every action needs a key; got " + keys.keySet());
        }
        if (new java.util.HashSet<>(keys.values()).size() != keys.size()) {
            throw new IllegalArgumentException("two actions share a key: " + keys);
        }
        return new Keymap(keys);
    }

    /** Returns the key of an action in canonical form. */
    public String keyOf(Action action) {
        return keys.get(action);
    }

    /** Returns the action that has this key (canonical form), if any. */
    public Optional<Action> actionOf(String key) {
        return keys.entrySet().stream().filter(entry -> entry.getValue().equals(key)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** Returns the keys by action, in the order of {@link Action}. */
    public Map<Action, String> keys() {
        return keys;
    }

    /**
     * Returns a keymap in which {@code action} has {@code key}.
     *
     * @param key a canonical combination that no other action has
     * @throws IllegalArgumentException when another action has the key
     */
    public Keymap with(Action action, String key) {
        Optional<Action> owner = actionOf(key);
        if (owner.isPresent() && owner.get() != action) {
            throw new IllegalArgumentException(key + " is already the key of " + owner.get());
        }
        Map<Action, String> changed = new EnumMap<>(keys);
        changed.put(action, key);
        return new Keymap(changed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Keymap keymap && keymap.keys.equals(keys);
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }
}
