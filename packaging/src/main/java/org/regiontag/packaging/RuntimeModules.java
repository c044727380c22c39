package org.regiontag.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the JDK modules that the application's jars use, for jlink's {@code --add-modules}.
 *
 * <p>jdeps runs on one jar at a time, because on all jars together it stops at the first class
 * that refers to a class no jar has (optional dependencies of libraries). Modules that jdeps
 * reports but the JDK lacks, such as JavaFX's own modules of its modular jars, stay out: the
 * application runs from the class path.
 */
final class RuntimeModules {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeModules.class);

    private RuntimeModules() {
    }

    /** Returns the JDK modules that the jars depend on, together with {@code extraModules}. */
    static Set<String> find(Collection<Path> jars, Collection<String> extraModules) throws IOException {
        Set<String> jdkModules = jdkModules();
        Set<String> modules = new TreeSet<>();
        for (Path jar : jars) {
            Set<String> found = modulesOf(jar);
            LOG.debug("{}: {}", jar.getFileName(), found);
            modules.addAll(found);
        }

        Set<String> foreign = modules.stream().filter(name -> !jdkModules.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        modules.removeAll(foreign);
        if (!foreign.isEmpty()) {
            LOG.info("left out modules that are not part of the JDK (their jars are on the class path): {}", foreign);
        }

        for (String extra : extraModules) {
            if (!jdkModules.contains(extra)) {
                throw new IllegalArgumentException("extra.modules names '" + extra
                        + "', which is not a module of the JDK at " + System.getProperty("java.home"));
            }
            modules.add(extra);
        }
        return modules;
    }

    private static Set<String> modulesOf(Path jar) throws IOException {
        try {
            return parseModuleList(JdkTool.run("jdeps", List.of(
                    "--ignore-missing-deps", "--print-module-deps",
                    "--multi-release", Integer.toString(Runtime.version().feature()),
                    jar.toString())));
        } catch (IllegalStateException e) {
            LOG.debug("jdeps failed on {} as a module, so it reads its classes without module-info", jar, e);
        }
        // A modular jar that requires a module missing from the class path (commons-compress
        // requires commons-lang3, which DJL leaves out) stops jdeps, so read its classes as plain
        // classes of the class path, as the application loads them.
        Path classes = Files.createTempDirectory("jdeps-");
        try {
            int count = unpackClasses(jar, classes);
            if (count == 0) {
                return Set.of();
            }
            return parseModuleList(JdkTool.run("jdeps", List.of(
                    "--ignore-missing-deps", "--print-module-deps", classes.toString())));
        } finally {
            deleteRecursively(classes);
        }
    }

    /** Copies the jar's class files into the folder, leaving out module descriptors and versioned classes. */
    private static int unpackClasses(Path jar, Path folder) throws IOException {
        int count = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/")) {
                    Path file = folder.resolve(name);
                    Files.createDirectories(file.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, file);
                    }
                    count++;
                }
            }
        }
        return count;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Parses jdeps' {@code --print-module-deps} output, a comma-separated line of module names. */
    static Set<String> parseModuleList(String output) {
        return Arrays.stream(output.strip().split("[,\\s]+"))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> jdkModules() {
        return ModuleFinder.ofSystem().findAll().stream()
                .map(ModuleReference::descriptor)
                .map(descriptor -> descriptor.name())
                .collect(Collectors.toSet());
    }
}
