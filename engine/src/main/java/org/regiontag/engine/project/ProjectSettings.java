package org.regiontag.engine.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.regiontag.db.Database;
import org.regiontag.db.UserInputException;
import org.regiontag.db.repo.SettingRepository;
import org.regiontag.engine.clip.DenseMode;

/**
 * Reads and writes a project's {@link BackboneSettings} in the store's {@code project_setting} table,
 * one row per field; an absent row takes the default.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>{@code backbone.model}</td><td>model name or folder</td></tr>
 *   <tr><td>{@code backbone.image_size}</td><td>pixels, or 0 for the model's own size</td></tr>
 *   <tr><td>{@code backbone.dense_mode}</td><td>{@code value-path} or {@code projected-tokens}</td></tr>
 *   <tr><td>{@code backbone.device}</td><td>{@code auto}, {@code cpu} or {@code gpu}</td></tr>
 *   <tr><td>{@code prompts.templates}</td><td>a JSON array of templates with {@code {}}</td></tr>
 * </table>
 */
public final class ProjectSettings {

    static final String MODEL = "backbone.model";
    static final String IMAGE_SIZE = "backbone.image_size";
    static final String DENSE_MODE = "backbone.dense_mode";
    static final String DEVICE = "backbone.device";
    static final String TEMPLATES = "prompts.templates";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectSettings() {
    }

    /**
     * Reads the project's settings.
     *
     * @throws UserInputException when a stored value is invalid, naming the key
     */
    public static BackboneSettings read(Database database) {
        Map<String, String> stored = database.read(connection -> new SettingRepository(connection).findAllSettings());
        BackboneSettings defaults = BackboneSettings.defaults();
        String model = stored.getOrDefault(MODEL, defaults.model());
        int imageSize = parseImageSize(stored.get(IMAGE_SIZE), defaults.imageSize());
        DenseMode denseMode = stored.containsKey(DENSE_MODE) ? parseDenseMode(stored.get(DENSE_MODE))
                : defaults.denseMode();
        String device = stored.getOrDefault(DEVICE, defaults.device());
        List<String> templates = stored.containsKey(TEMPLATES) ? parseTemplates(stored.get(TEMPLATES))
                : defaults.promptTemplates();
        return new BackboneSettings(model, imageSize, denseMode, device, templates);
    }

    /** Stores every field of {@code settings} in one transaction. */
    public static void write(Database database, BackboneSettings settings) {
        String templates;
        try {
            templates = JSON.writeValueAsString(settings.promptTemplates());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("prompt templates could not be written as JSON", e);
        }
        database.inTransaction(connection -> {
            SettingRepository repository = new SettingRepository(connection);
            repository.upsertSetting(MODEL, settings.model());
            repository.upsertSetting(IMAGE_SIZE, Integer.toString(settings.imageSize()));
            repository.upsertSetting(DENSE_MODE, denseModeName(settings.denseMode()));
            repository.upsertSetting(DEVICE, settings.device());
            repository.upsertSetting(TEMPLATES, templates);
            return null;
        });
    }

    /** The name of a dense mode in settings and on the command line: {@code value-path} or {@code projected-tokens}. */
    public static String denseModeName(DenseMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a dense mode's name.
     *
     * @throws UserInputException for an unknown name, listing the valid ones
     */
    public static DenseMode parseDenseMode(String name) {
        for (DenseMode mode : DenseMode.values()) {
            if (denseModeName(mode).equals(name)) {
                return mode;
            }
        }
        throw new UserInputException(ProjectMessages.format("settings.denseMode.unknown", name));
    }

    private static int parseImageSize(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new UserInputException(ProjectMessages.format("settings.stored.invalid", IMAGE_SIZE, value), e);
        }
    }

    private static List<String> parseTemplates(String value) {
        try {
            return JSON.readValue(value, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new UserInputException(ProjectMessages.format("settings.stored.invalid", TEMPLATES, value), e);
        }
    }
}
