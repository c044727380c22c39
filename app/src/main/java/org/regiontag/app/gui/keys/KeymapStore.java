package org.regiontag.app.gui.keys;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the user's keymap as {@code keys.properties} in the settings folder, one line
 * per action ({@code ACCEPT=A}). Actions the file does not name keep their default key. A line
 * with an unknown action, a key that does not parse, or a key another action already has is
 * logged and ignored. So a hand-edited file never leaves two actions on one key.
 */
public final class KeymapStore {

    public static final String FILE_NAME = "keys.properties";
    private static final Logger LOG = LoggerFactory.getLogger(KeymapStore.class);

    private final Path file;

    public KeymapStore(Path configFolder) {
        this.file = configFolder.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** Reads the keymap; a missing or unreadable file gives the default keys. */
    public Keymap load() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Keymap.defaults();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Cannot read {}; using the default keys", file, e);
            return Keymap.defaults();
        }

        Map<Action, String> fromFile = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            String value = properties.getProperty(action.name());
            if (value == null) {
                continue;
            }
            Optional<String> key = KeyNames.canonical(value);
            if (key.isPresent()) {
                fromFile.put(action, key.get());
            } else {
                LOG.warn("{}: '{}' is not a key; {} keeps {}", file, value, action, action.defaultKey());
            }
        }
        Keymap keymap = withoutConflicts(fromFile);
        for (String name : properties.stringPropertyNames()) {
            if (!isAction(name)) {
                LOG.warn("{}: '{}' is not an action; ignoring it", file, name);
            }
        }
        return keymap;
    }

    /** Writes every action's key through a temporary file, so a crash leaves the old file whole. */
    public void save(Keymap keymap) throws IOException {
        Properties properties = new Properties();
        for (Map.Entry<Action, String> entry : keymap.keys().entrySet()) {
            properties.setProperty(entry.getKey().name(), entry.getValue());
        }
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(writer, "RegionTag keys: ACTION=key, as javafx.scene.input.KeyCombination reads it");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Applies the file's keys over the defaults. Where two actions end up on one key, a file entry
     * gives way (to a default key, or to an earlier entry of the file) and its action keeps its
     * default key. This repeats until no key is shared; the defaults share none, so it ends.
     */
    private Keymap withoutConflicts(Map<Action, String> fromFile) {
        Map<Action, String> accepted = new EnumMap<>(Action.class);
        accepted.putAll(fromFile);
        while (true) {
            Map<Action, String> keys = new EnumMap<>(Keymap.defaults().keys());
            keys.putAll(accepted);
            Optional<Action> loser = firstConflictLoser(keys, accepted);
            if (loser.isEmpty()) {
                return Keymap.of(keys);
            }
            LOG.warn("{}: {} is also the key of another action; {} keeps {}", file, accepted.get(loser.get()),
                    loser.get(), loser.get().defaultKey());
            accepted.remove(loser.get());
        }
    }

    /** Returns the file entry that gives way in the first shared key, or empty when no key is shared. */
    private static Optional<Action> firstConflictLoser(Map<Action, String> keys, Map<Action, String> fromFile) {
        Map<String, Action> owners = new HashMap<>();
        for (Map.Entry<Action, String> entry : keys.entrySet()) {
            Action current = entry.getKey();
            Action earlier = owners.putIfAbsent(entry.getValue(), current);
            if (earlier != null) {
                boolean earlierFromFile = fromFile.containsKey(earlier);
                boolean currentFromFile = fromFile.containsKey(current);
                return Optional.of(earlierFromFile && !currentFromFile ? earlier : current);
            }
        }
        return Optional.empty();
    }

    private static boolean isAction(String name) {
        for (Action action : Action.values()) {
            if (action.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
