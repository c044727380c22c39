package org.regiontag.app.gui;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * The per-user folders of the application.
 *
 * <p>Where they are:
 * <ul>
 * <li>Linux and other Unix systems: settings in {@code $XDG_CONFIG_HOME/regiontag} (default
 *     {@code ~/.config/regiontag}), data and logs in {@code $XDG_DATA_HOME/regiontag} (default
 *     {@code ~/.local/share/regiontag}), following the XDG Base Directory rule that a relative
 *     value is ignored;
 * <li>Windows: settings in {@code %APPDATA%\RegionTag}, data and logs in {@code %LOCALAPPDATA%\RegionTag};
 * <li>macOS: settings and data in {@code ~/Library/Application Support/RegionTag}, logs in
 *     {@code ~/Library/Logs/RegionTag}.
 * </ul>
 *
 * @param config settings, key bindings and the list of recent projects
 * @param data files the application keeps for the user
 * @param logs the log files
 */
public record UserFolders(Path config, Path data, Path logs) {

    /** Returns the folders of the current user, from the process environment. */
    public static UserFolders forUser() {
        return of(System::getenv, System.getProperty("os.name", ""), System.getProperty("user.home", "."));
    }

    /** Returns the folders for an environment (given as a lookup), an operating system name and a home folder. */
    public static UserFolders of(Function<String, String> environment, String osName, String userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        Path home = Path.of(userHome);
        if (os.startsWith("windows")) {
            Path roaming = folderOr(environment.apply("APPDATA"), home.resolve("AppData").resolve("Roaming"));
            Path local = folderOr(environment.apply("LOCALAPPDATA"), home.resolve("AppData").resolve("Local"));
            Path data = local.resolve("RegionTag");
            return new UserFolders(roaming.resolve("RegionTag"), data, data.resolve("logs"));
        }
        if (os.startsWith("mac")) {
            Path library = home.resolve("Library");
            Path support = library.resolve("Application Support").resolve("RegionTag");
            return new UserFolders(support, support, library.resolve("Logs").resolve("RegionTag"));
        }
        Path config = xdgFolder(environment.apply("XDG_CONFIG_HOME"), home.resolve(".config")).resolve("regiontag");
        Path data = xdgFolder(environment.apply("XDG_DATA_HOME"), home.resolve(".local").resolve("share"))
                .resolve("regiontag");
        return new UserFolders(config, data, data.resolve("logs"));
    }

    /** Returns the folders below one base folder, for tests and benchmarks that must not touch the user's. */
    public static UserFolders under(Path base) {
        return new UserFolders(base.resolve("config"), base.resolve("data"), base.resolve("data").resolve("logs"));
    }

    private static Path folderOr(String value, Path fallback) {
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    /** The XDG rule: a variable that is unset, empty or relative is ignored. */
    private static Path xdgFolder(String value, Path fallback) {
        if (value == null || value.isBlank() || !Path.of(value).isAbsolute()) {
            return fallback;
        }
        return Path.of(value);
    }
}
