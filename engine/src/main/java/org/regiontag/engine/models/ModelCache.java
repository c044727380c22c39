package org.regiontag.engine.models;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * The per-user folder that contains downloaded checkpoints ({@code <folder>/<name>/}) and the
 * registry of imported ones ({@code <folder>/registry.json}).
 *
 * <p>Where it is, first match wins:
 * <ol>
 * <li>{@code $REGIONTAG_MODEL_CACHE};
 * <li>Windows: {@code %LOCALAPPDATA%\RegionTag\models};
 * <li>macOS: {@code ~/Library/Caches/RegionTag/models};
 * <li>elsewhere: {@code $XDG_CACHE_HOME/regiontag/models} when that variable is an absolute path
 *     (the XDG Base Directory rule), else {@code ~/.cache/regiontag/models}.
 * </ol>
 *
 * @param folder the cache folder (it may not exist yet)
 */
public record ModelCache(Path folder) {

    public static final String CACHE_VARIABLE = "REGIONTAG_MODEL_CACHE";
    static final String REGISTRY_FILE = "registry.json";

    /** Finds the folder from environment variables (given as a lookup) and the Java system properties. */
    public static ModelCache fromEnvironment(Function<String, String> environment) {
        return new ModelCache(defaultFolder(environment, System.getProperty("os.name", ""),
                System.getProperty("user.home", ".")));
    }

    static Path defaultFolder(Function<String, String> environment, String osName, String userHome) {
        String override = environment.apply(CACHE_VARIABLE);
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }

        String os = osName.toLowerCase(Locale.ROOT);
        Path home = Path.of(userHome);
        if (os.startsWith("windows")) {
            String localAppData = environment.apply("LOCALAPPDATA");
            Path base = localAppData != null && !localAppData.isBlank() ? Path.of(localAppData)
                    : home.resolve("AppData").resolve("Local");
            return base.resolve("RegionTag").resolve("models");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Caches").resolve("RegionTag").resolve("models");
        }
        String xdgCache = environment.apply("XDG_CACHE_HOME");
        if (xdgCache != null && Path.of(xdgCache).isAbsolute()) {
            return Path.of(xdgCache).resolve("regiontag").resolve("models");
        }
        return home.resolve(".cache").resolve("regiontag").resolve("models");
    }

    /** Returns the folder of a downloaded (or unpacked embedded) model. */
    public Path modelFolder(String name) {
        return folder.resolve(name);
    }

    Path registryFile() {
        return folder.resolve(REGISTRY_FILE);
    }
}
