package org.regiontag.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks the native libraries of the application's jars into the application folder at build
 * time, and returns the JVM options that point each library's loader at its copy.
 *
 * <p>Each of these libraries would otherwise unpack itself on first use: DJL puts libtorch and
 * the tokenizers library under {@code ~/.djl.ai}, JNA its dispatch library under
 * {@code ~/.cache/JNA}, sqlite-jdbc and JavaFX theirs into the temporary folder or
 * {@code ~/.openjfx}. With the copies in the image, the application writes nothing at start-up.
 * Paths in the options start with jpackage's {@code $APPDIR}, the folder where the input files
 * end up ({@code lib/app} on Linux).
 */
final class NativeLibraries {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraries.class);

    static final String LIBTORCH_FOLDER = "libtorch";
    static final String TOKENIZERS_FOLDER = "tokenizers";
    static final String SQLITE_FOLDER = "sqlite";
    static final String JNA_FOLDER = "jna";

    private final TargetPlatform platform;
    private final String architecture;
    private final Path jarsDir;
    private final Path appDir;

    /**
     * @param jarsDir the application's jars, the PyTorch native library jar among them
     * @param appDir the folder that becomes {@code $APPDIR} (jpackage's input folder)
     */
    NativeLibraries(TargetPlatform platform, String architecture, Path jarsDir, Path appDir) {
        this.platform = platform;
        this.architecture = architecture;
        this.jarsDir = jarsDir;
        this.appDir = appDir;
    }

    /**
     * Unpacks every native library and returns the JVM options that make their loaders use the
     * copies.
     *
     * @param pytorchNativeJar the {@code pytorch-native-cpu} jar of this platform, which stays
     *     off the class path because its whole content is unpacked here
     * @throws IllegalStateException when a jar or a library inside it is missing
     */
    List<String> install(Path pytorchNativeJar) throws IOException {
        List<String> javaOptions = new ArrayList<>();
        String classifier = platform.djlClassifier(architecture);

        // DJL loads libtorch from PYTORCH_LIBRARY_PATH and looks for its JNI library beside it.
        Path libtorch = appDir.resolve(LIBTORCH_FOLDER);
        int count = unpackFolder(pytorchNativeJar, "pytorch/cpu/" + classifier + "/", libtorch);
        requireFile(libtorch, platform.libraryFile("torch"), pytorchNativeJar);
        String jniLibrary = platform.libraryFile("djl_torch");
        unpackFile(findJar("pytorch-jni-"), "jnilib/" + classifier + "/cpu/" + jniLibrary, libtorch);
        javaOptions.add("-DPYTORCH_LIBRARY_PATH=$APPDIR/" + LIBTORCH_FOLDER);
        LOG.info("libtorch: {} files and the JNI library in {}", count, libtorch);

        // The tokenizers library (with its MinGW runtime on Windows) loads from the folder of the named file.
        Path tokenizers = appDir.resolve(TOKENIZERS_FOLDER);
        String tokenizersLibrary = platform.libraryFile("tokenizers");
        Path tokenizersJar = findJar("tokenizers-");
        unpackFolder(tokenizersJar, "native/lib/" + classifier + "/cpu/", tokenizers);
        requireFile(tokenizers, tokenizersLibrary, tokenizersJar);
        javaOptions.add("-DRUST_LIBRARY_PATH=$APPDIR/" + TOKENIZERS_FOLDER + "/" + tokenizersLibrary);

        Path sqlite = appDir.resolve(SQLITE_FOLDER);
        String sqliteLibrary = platform.libraryFile("sqlitejdbc");
        unpackFile(findJar("sqlite-jdbc-"),
                "org/sqlite/native/" + platform.sqliteOs + "/" + architecture + "/" + sqliteLibrary, sqlite);
        javaOptions.add("-Dorg.sqlite.lib.path=$APPDIR/" + SQLITE_FOLDER);
        javaOptions.add("-Dorg.sqlite.lib.name=" + sqliteLibrary);

        // jna.nounpack makes a missing copy an error instead of a silent unpack into the home folder.
        Path jna = appDir.resolve(JNA_FOLDER);
        String jnaLibrary = platform == TargetPlatform.MAC ? "libjnidispatch.jnilib" : platform.libraryFile("jnidispatch");
        unpackFile(findJar("jna-"), "com/sun/jna/" + platform.jnaFolder(architecture) + "/" + jnaLibrary, jna);
        javaOptions.add("-Djna.boot.library.path=$APPDIR/" + JNA_FOLDER);
        javaOptions.add("-Djna.nounpack=true");

        // JavaFX loads its libraries from the folder of its jars before it tries to unpack them.
        int javafxCount = unpackJavaFxLibraries();
        LOG.info("JavaFX: {} native libraries beside its jars", javafxCount);
        return javaOptions;
    }

    /** Returns the one jar of {@link #jarsDir} whose name starts with the prefix. */
    Path findJar(String prefix) throws IOException {
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(jarsDir, prefix + "*.jar")) {
            jars.forEach(matches::add);
        }
        if (matches.size() != 1) {
            throw new IllegalStateException("expected one " + prefix + "*.jar in " + jarsDir + ", found " + matches
                    + "; the application's dependencies have changed, so update NativeLibraries");
        }
        return matches.get(0);
    }

    private int unpackJavaFxLibraries() throws IOException {
        int count = 0;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(jarsDir, "javafx-*.jar")) {
            for (Path jar : jars) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                        ZipEntry entry = entries.nextElement();
                        if (!entry.isDirectory() && !entry.getName().contains("/") && platform.isLibrary(entry.getName())) {
                            copy(zip, entry, appDir.resolve(entry.getName()));
                            count++;
                        }
                    }
                }
            }
        }
        if (count == 0) {
            throw new IllegalStateException("no JavaFX native library found in the javafx-*.jar files of " + jarsDir
                    + "; the jars for " + platform + " are missing");
        }
        return count;
    }

    /** Copies the files directly inside {@code folderPrefix} of the jar into {@code target}. */
    static int unpackFolder(Path jar, String folderPrefix, Path target) throws IOException {
        int count = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                boolean directChild = name.startsWith(folderPrefix) && name.indexOf('/', folderPrefix.length()) < 0;
                if (!entry.isDirectory() && directChild) {
                    copy(zip, entry, target.resolve(name.substring(folderPrefix.length())));
                    count++;
                }
            }
        }
        if (count == 0) {
            throw new IllegalStateException(jar + " has no files in " + folderPrefix);
        }
        return count;
    }

    /** Copies one entry of the jar into the folder {@code target}, keeping its file name. */
    static void unpackFile(Path jar, String entryName, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new IllegalStateException(jar + " has no entry " + entryName);
            }
            copy(zip, entry, target.resolve(entryName.substring(entryName.lastIndexOf('/') + 1)));
        }
    }

    private static void copy(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void requireFile(Path folder, String fileName, Path jar) {
        if (!Files.isRegularFile(folder.resolve(fileName))) {
            throw new IllegalStateException(fileName + " is missing from the files unpacked from " + jar);
        }
    }
}
