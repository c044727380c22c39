package org.regiontag.app.gui.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    @TempDir
    Path config;

    @Test
    void missingFileGivesDefaults() {
        assertThat(new SettingsStore(config).load()).isEqualTo(Settings.defaults());
    }

    @Test
    void saveThenLoadRoundTrips() throws Exception {
        Settings settings = new Settings(0.85, 160, "gpu", "clip-vit-large-patch14");
        SettingsStore store = new SettingsStore(config.resolve("nested"));

        store.save(settings);

        assertThat(store.load()).isEqualTo(settings);
    }

    @Test
    void invalidValuesFallBackOneByOne() throws Exception {
        Files.writeString(config.resolve(SettingsStore.FILE_NAME),
                "confidentThreshold=1.5\nthumbnailSize=abc\ndevice=tpu\nmodel=my-clip\n");

        Settings settings = new SettingsStore(config).load();

        assertThat(settings).isEqualTo(new Settings(Settings.DEFAULT_CONFIDENT_THRESHOLD,
                Settings.DEFAULT_THUMBNAIL_SIZE, Settings.DEFAULT_DEVICE, "my-clip"));
    }

    @Test
    void settingsRejectOutOfRange() {
        assertThatThrownBy(() -> new Settings(0.4, 128, "cpu", "m")).hasMessageContaining("[0.5, 1]");
        assertThatThrownBy(() -> new Settings(0.9, 512, "cpu", "m")).hasMessageContaining("[64, 256]");
        assertThatThrownBy(() -> new Settings(0.9, 128, "tpu", "m")).hasMessageContaining("auto, cpu, gpu");
    }

    @Test
    void dialogResultClampsRanges() {
        SettingsViewModel dialog = new SettingsViewModel(Settings.defaults());
        dialog.confidentThresholdProperty().set(1.7);
        dialog.thumbnailSizeProperty().set(20);
        dialog.deviceProperty().set("cpu");

        Settings result = dialog.result();

        assertThat(result.confidentThreshold()).isEqualTo(1.0);
        assertThat(result.thumbnailSize()).isEqualTo(Settings.MIN_THUMBNAIL_SIZE);
        assertThat(result.device()).isEqualTo("cpu");
    }
}
