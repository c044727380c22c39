package org.regiontag.packaging;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of an installer build, read from {@code installer.properties} (which Maven fills in);
 * that file explains each key.
 */
record InstallerConfig(
        String name,
        String title,
        String version,
        String vendor,
        String description,
        String copyright,
        String type,
        String mainJar,
        String mainClass,
        String pytorchNativeArtifact,
        String pytorchNativeClassifier,
        List<String> extraModules,
        List<String> javaOptions,
        Path jarsDir,
        Path workDir,
        Path destDir,
        Path resourcesDir,
        Optional<Path> optionsFile) {

    /** Leading numbers of a Maven version, as the installers need them: {@code 0.1.0} of {@code 0.1.0-SNAPSHOT}. */
    private static final Pattern NUMERIC_VERSION = Pattern.compile("^(\\d+(?:\\.\\d+){0,2})(?:[-.].*)?$");

    /**
     * Reads the settings file.
     *
     * @throws IllegalArgumentException when a key is missing or empty
     */
    static InstallerConfig load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Settings settings = new Settings(properties, file);
        return new InstallerConfig(
                settings.text("name"),
                settings.text("title"),
                settings.text("version"),
                settings.text("vendor"),
                settings.text("description"),
                settings.text("copyright"),
                settings.text("type"),
                settings.text("main.jar"),
                settings.text("main.class"),
                settings.text("pytorch.native.artifact"),
                settings.text("pytorch.native.classifier"),
                settings.list("extra.modules", ","),
                settings.list("java.options", "\\s+"),
                Path.of(settings.text("jars.dir")),
                Path.of(settings.text("work.dir")),
                Path.of(settings.text("dest.dir")),
                Path.of(settings.text("resources.dir")),
                settings.optionalText("options.file").map(Path::of));
    }

    /**
     * Returns the version in the form that every installer type accepts: one to three numbers.
     * MSI and macOS bundles reject suffixes such as {@code -SNAPSHOT}.
     *
     * @throws IllegalArgumentException when the version does not start with a number
     */
    String installerVersion() {
        return installerVersion(version);
    }

    static String installerVersion(String version) {
        Matcher matcher = NUMERIC_VERSION.matcher(version);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("version '" + version
                    + "' does not start with one to three numbers such as 1.2.3, which installers require");
        }
        return matcher.group(1);
    }

    /** Reads required values and names the file and key when one is missing. */
    private record Settings(Properties properties, Path file) {

        String text(String key) {
            String value = properties.getProperty(key);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(file + ": the key '" + key + "' is missing or empty");
            }
            return value.strip();
        }

        Optional<String> optionalText(String key) {
            String value = properties.getProperty(key);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        List<String> list(String key, String separator) {
            return Arrays.stream(text(key).split(separator)).map(String::strip).filter(item -> !item.isEmpty()).toList();
        }
    }
}
