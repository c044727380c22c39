package org.regiontag.packaging;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the application image and the native installer of this operating system from the
 * application's jars, in five steps:
 *
 * <ol>
 *   <li>draw the icons;
 *   <li>fill jpackage's input folder with the jars and the unpacked native libraries, leaving out
 *       the PyTorch native library jar, whose content is now unpacked;
 *   <li>link a Java runtime with the JDK modules that jdeps finds in the jars;
 *   <li>create the application image with the desktop launcher and {@code regiontag-cli};
 *   <li>package the image as the installer (a {@code .deb} on Linux).
 * </ol>
 *
 * <p>Run by Maven ({@code mvn -Ppackage -DskipTests package}) with the filled-in
 * {@code installer.properties} as the only argument.
 */
public final class InstallerBuild {

    private static final Logger LOG = LoggerFactory.getLogger(InstallerBuild.class);

    /** The command-line launcher, configured by {@code regiontag-cli.properties}. */
    static final String CLI_LAUNCHER = "regiontag-cli";

    private final InstallerConfig config;
    private final TargetPlatform platform;
    private final String architecture;

    InstallerBuild(InstallerConfig config, TargetPlatform platform, String architecture) {
        this.config = config;
        this.platform = platform;
        this.architecture = architecture;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: InstallerBuild INSTALLER_PROPERTIES");
        }
        InstallerConfig config = InstallerConfig.load(Path.of(args[0]));
        TargetPlatform platform = TargetPlatform.current();
        new InstallerBuild(config, platform, TargetPlatform.architecture(System.getProperty("os.arch"))).run();
    }

    void run() throws IOException {
        checkSettings();
        deleteRecursively(config.workDir());
        deleteRecursively(config.destDir());
        Files.createDirectories(config.workDir());
        Files.createDirectories(config.destDir());

        long start = System.nanoTime();
        Path icons = config.workDir().resolve("icons");
        AppIcon.writeAll(icons);
        Path icon = icons.resolve(AppIcon.fileFor(platform));

        Path input = config.workDir().resolve("input");
        List<String> nativeOptions = prepareInput(input);
        logStep("input folder", start);

        start = System.nanoTime();
        Path runtime = linkRuntime(jarsOf(input));
        logStep("runtime", start);

        start = System.nanoTime();
        Path image = createImage(input, runtime, icon, nativeOptions);
        logStep("application image " + image + " (" + megabytes(sizeOf(image)) + ")", start);

        start = System.nanoTime();
        Path installer = createInstaller(image, icon);
        logStep("installer " + installer + " (" + megabytes(Files.size(installer)) + ")", start);
    }

    private void checkSettings() {
        config.optionsFile().ifPresent(file -> {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("installer.options.file " + file + " is not a file; name a jpackage"
                        + " argument file with one option per line, or leave the property empty");
            }
        });
        if (!platform.installerTypes.contains(config.type())) {
            throw new IllegalArgumentException("installer type '" + config.type() + "' cannot be built on " + platform
                    + "; expected one of " + String.join(", ", platform.installerTypes));
        }
        String expectedClassifier = platform.djlClassifier(architecture);
        if (!config.pytorchNativeClassifier().equals(expectedClassifier)) {
            throw new IllegalArgumentException("pytorch.native.classifier is " + config.pytorchNativeClassifier()
                    + " but this machine needs " + expectedClassifier
                    + "; build with -Dpytorch.native.classifier=" + expectedClassifier);
        }
    }

    /**
     * Copies the jars into the input folder, except the PyTorch native library jar, and unpacks
     * the native libraries there. Returns the JVM options that point their loaders at them.
     */
    private List<String> prepareInput(Path input) throws IOException {
        Files.createDirectories(input);
        NativeLibraries natives = new NativeLibraries(platform, architecture, config.jarsDir(), input);
        Path pytorchNativeJar = natives.findJar(config.pytorchNativeArtifact() + "-");

        int copied = 0;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(config.jarsDir(), "*.jar")) {
            for (Path jar : jars) {
                if (!jar.equals(pytorchNativeJar)) {
                    Files.copy(jar, input.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    copied++;
                }
            }
        }
        if (!Files.isRegularFile(input.resolve(config.mainJar()))) {
            throw new IllegalStateException("the main jar " + config.mainJar() + " is not among the jars in "
                    + config.jarsDir() + "; build from the repository root so that Maven builds the app module too");
        }
        LOG.info("{} jars on the class path; {} left out, its libraries are unpacked instead", copied,
                pytorchNativeJar.getFileName());
        return natives.install(pytorchNativeJar);
    }

    private Path linkRuntime(List<Path> jars) throws IOException {
        Set<String> modules = RuntimeModules.find(jars, config.extraModules());
        LOG.info("runtime modules: {}", String.join(",", modules));

        Path runtime = config.workDir().resolve("runtime");
        JdkTool.run("jlink", List.of(
                "--add-modules", String.join(",", modules),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--strip-native-commands",
                "--output", runtime.toString()));
        return runtime;
    }

    private Path createImage(Path input, Path runtime, Path icon, List<String> nativeOptions) {
        List<String> arguments = new ArrayList<>(commonOptions(icon));
        arguments.addAll(List.of(
                "--type", "app-image",
                "--input", input.toString(),
                "--main-jar", config.mainJar(),
                "--main-class", config.mainClass(),
                "--runtime-image", runtime.toString(),
                "--add-launcher", CLI_LAUNCHER + "=" + config.resourcesDir().resolve(CLI_LAUNCHER + ".properties")));
        List<String> javaOptions = new ArrayList<>(config.javaOptions());
        javaOptions.addAll(nativeOptions);
        for (String option : javaOptions) {
            arguments.add("--java-options");
            arguments.add(option);
        }
        if (platform == TargetPlatform.MAC) {
            arguments.addAll(List.of("--mac-package-name", config.title()));
        }
        LOG.info("JVM options of the launchers: {}", String.join(" ", javaOptions));

        JdkTool.run("jpackage", arguments);
        return config.destDir().resolve(platform == TargetPlatform.MAC ? config.name() + ".app" : config.name());
    }

    private Path createInstaller(Path image, Path icon) throws IOException {
        List<String> arguments = new ArrayList<>(commonOptions(icon));
        arguments.addAll(List.of(
                "--type", config.type(),
                "--app-image", image.toString(),
                "--file-associations", config.resourcesDir().resolve("project-file.properties").toString()));
        Path platformResources = config.resourcesDir().resolve(platform.name().toLowerCase(java.util.Locale.ROOT));
        if (Files.isDirectory(platformResources)) {
            arguments.addAll(List.of("--resource-dir", platformResources.toString()));
        }
        arguments.addAll(switch (platform) {
            case LINUX -> List.of(
                    "--linux-package-name", config.name(),
                    "--linux-shortcut",
                    "--linux-menu-group", "Graphics;Science;",
                    "--linux-app-category", "graphics");
            case WINDOWS -> List.of(
                    "--win-menu", "--win-menu-group", config.title(),
                    "--win-shortcut", "--win-dir-chooser",
                    // A fixed upgrade code lets a newer installer replace an installed version.
                    "--win-upgrade-uuid", "6f1d6a55-2d7e-4e38-9b1c-5c7f8e0a2b41");
            case MAC -> List.of("--mac-package-name", config.title());
        });

        JdkTool.run("jpackage", arguments);
        try (Stream<Path> files = Files.list(config.destDir())) {
            return files.filter(file -> file.getFileName().toString().endsWith("." + config.type()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("jpackage wrote no ." + config.type() + " file into "
                            + config.destDir()));
        }
    }

    /**
     * Options that the image and the installer share, with the jpackage argument file of
     * {@code options.file} (signing options, for example) when one is set.
     */
    private List<String> commonOptions(Path icon) {
        List<String> options = new ArrayList<>(List.of(
                "--name", config.name(),
                "--app-version", config.installerVersion(),
                "--vendor", config.vendor(),
                "--description", config.description(),
                "--copyright", config.copyright(),
                "--icon", icon.toString(),
                "--dest", config.destDir().toString()));
        config.optionsFile().ifPresent(file -> options.add("@" + file.toAbsolutePath()));
        return options;
    }

    private static List<Path> jarsOf(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static void logStep(String step, long startNanos) {
        LOG.info("{}: done in {} s", step, String.format("%.1f", (System.nanoTime() - startNanos) / 1e9));
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    static long sizeOf(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
