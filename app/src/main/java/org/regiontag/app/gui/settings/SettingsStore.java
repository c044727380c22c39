package org.regiontag.app.gui.settings;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link Settings} as {@code settings.properties} in the user's settings folder.
 * A missing file gives the defaults; an invalid value is logged and replaced by its default, so a
 * hand-edited file never keeps the application from starting.
 */
public final class SettingsStore {

    public static final String FILE_NAME = "settings.properties";
    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

    private final Path file;

    public SettingsStore(Path configFolder) {
        this.file = configFolder.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** Reads the settings; a missing or unreadable file gives the defaults. */
    public Settings load() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Settings.defaults();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Cannot read {}; using the default settings", file, e);
            return Settings.defaults();
        }

        Settings defaults = Settings.defaults();
        double threshold = parse(properties, "confidentThreshold", defaults.confidentThreshold(),
                value -> {
                    double parsed = Double.parseDouble(value);
                    return parsed >= 0.5 && parsed <= 1.0 ? parsed : null;
                });
        int thumbnailSize = parse(properties, "thumbnailSize", defaults.thumbnailSize(), value -> {
            int parsed = Integer.parseInt(value);
            return parsed >= Settings.MIN_THUMBNAIL_SIZE && parsed <= Settings.MAX_THUMBNAIL_SIZE ? parsed : null;
        });
        String device = parse(properties, "device", defaults.device(),
                value -> Settings.DEVICES.contains(value) ? value : null);
        String model = parse(properties, "model", defaults.model(), value -> value.isBlank() ? null : value);
        return new Settings(threshold, thumbnailSize, device, model);
    }

    /** Writes the settings through a temporary file, so a crash leaves the old file whole. */
    public void save(Settings settings) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("confidentThreshold", Double.toString(settings.confidentThreshold()));
        properties.setProperty("thumbnailSize", Integer.toString(settings.thumbnailSize()));
        properties.setProperty("device", settings.device());
        properties.setProperty("model", settings.model());

        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(writer, "RegionTag settings");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A parser that returns {@code null} for a value out of range; a format error throws. */
    private interface Parser<T> {
        T parse(String value);
    }

    private <T> T parse(Properties properties, String key, T fallback, Parser<T> parser) {
        String value = properties.getProperty(key);
        if (value == null) {
            return fallback;
        }
        try {
            T parsed = parser.parse(value.strip());
            if (parsed != null) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // Reported below with the other invalid values.
        }
        LOG.warn("{}: invalid value '{}' for {}; using {}", file, value, key, fallback);
        return fallback;
    }
}
