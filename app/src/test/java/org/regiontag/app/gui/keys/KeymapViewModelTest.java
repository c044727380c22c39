package org.regiontag.app.gui.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeymapViewModelTest {

    @TempDir
    Path config;

    @Test
    void defaultsGiveEveryActionOneKey() {
        Keymap keymap = Keymap.defaults();

        assertThat(keymap.keys()).hasSize(Action.values().length);
        assertThat(keymap.keys().values()).doesNotHaveDuplicates();
        assertThat(keymap.keyOf(Action.ACCEPT)).isEqualTo("A");
        assertThat(keymap.keyOf(Action.UNDO)).isEqualTo("Shortcut+Z");
        assertThat(keymap.keyOf(Action.REDO)).isEqualTo("Shift+Shortcut+Z");
    }

    @Test
    void remapSavesAndReloads() {
        KeymapViewModel keys = new KeymapViewModel(new KeymapStore(config));

        Optional<String> problem = keys.remap(Action.ACCEPT, "shift+y");

        assertThat(problem).isEmpty();
        assertThat(keys.keymap().keyOf(Action.ACCEPT)).isEqualTo("Shift+Y");
        assertThat(new KeymapViewModel(new KeymapStore(config)).keymap().keyOf(Action.ACCEPT)).isEqualTo("Shift+Y");
        assertThat(keys.bindings()).contains(new KeyBinding(Action.ACCEPT, "Shift+Y"));
    }

    @Test
    void remapRejectsConflictNamingOtherAction() {
        KeymapViewModel keys = new KeymapViewModel(new KeymapStore(config));

        Optional<String> problem = keys.remap(Action.ACCEPT, "R");

        assertThat(problem).contains("R is already the key of \u201cReject the suggestion\u201d; give that action"
                + " another key first.");
        assertThat(keys.keymap().keyOf(Action.ACCEPT)).isEqualTo("A");
        assertThat(Files.exists(config.resolve(KeymapStore.FILE_NAME))).isFalse();
    }

    @Test
    void remapToOwnKeyIsAllowed() {
        KeymapViewModel keys = new KeymapViewModel(new KeymapStore(config));

        assertThat(keys.remap(Action.ACCEPT, "A")).isEmpty();
    }

    @Test
    void remapRejectsNonKey() {
        KeymapViewModel keys = new KeymapViewModel(new KeymapStore(config));

        assertThat(keys.remap(Action.ACCEPT, "Shift+Banana")).contains("'Shift+Banana' is not a key combination.");
    }

    @Test
    void resetRestoresDefaults() {
        KeymapViewModel keys = new KeymapViewModel(new KeymapStore(config));
        keys.remap(Action.ACCEPT, "Y");

        keys.resetToDefaults();

        assertThat(keys.keymap()).isEqualTo(Keymap.defaults());
    }

    @Test
    void storeIgnoresBadLinesAndConflicts() throws Exception {
        Files.writeString(config.resolve(KeymapStore.FILE_NAME), String.join("\n",
                "ACCEPT=K", "REJECT=K", "MARK_POSITIVE=Ctrl+Nothing", "NOT_AN_ACTION=Q", "REDO=Shortcut+Y", ""));

        Keymap keymap = new KeymapStore(config).load();

        assertThat(keymap.keyOf(Action.ACCEPT)).isEqualTo("K");
        assertThat(keymap.keyOf(Action.REJECT)).isEqualTo("R");
        assertThat(keymap.keyOf(Action.MARK_POSITIVE)).isEqualTo("P");
        assertThat(keymap.keyOf(Action.REDO)).isEqualTo("Shortcut+Y");
        assertThat(keymap.keys().values()).doesNotHaveDuplicates();
    }

    @Test
    void storeAllowsSwappedKeys() throws Exception {
        Files.writeString(config.resolve(KeymapStore.FILE_NAME), "ACCEPT=R\nREJECT=A\n");

        Keymap keymap = new KeymapStore(config).load();

        assertThat(keymap.keyOf(Action.ACCEPT)).isEqualTo("R");
        assertThat(keymap.keyOf(Action.REJECT)).isEqualTo("A");
    }
}
