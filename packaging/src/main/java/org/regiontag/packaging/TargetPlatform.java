package org.regiontag.packaging;

import java.util.List;
import java.util.Locale;

/**
 * The operating system that the installer is for, which is always the one that builds it because
 * jpackage cannot build for another. Holds the names under which each native library sits inside
 * its jar on that system, and the installer types jpackage offers there.
 */
enum TargetPlatform {

    LINUX("linux", "Linux", "linux", List.of("deb", "rpm"), "png", "lib", ".so"),
    WINDOWS("win", "Windows", "win32", List.of("msi", "exe"), "ico", "", ".dll"),
    MAC("osx", "Mac", "darwin", List.of("dmg", "pkg"), "icns", "lib", ".dylib");

    /** Operating system part of DJL's classifiers, such as {@code linux-x86_64}. */
    final String djlOs;
    /** Operating system folder of sqlite-jdbc's native libraries, such as {@code org/sqlite/native/Linux}. */
    final String sqliteOs;
    /** Operating system part of JNA's native folders, such as {@code com/sun/jna/linux-x86-64}. */
    final String jnaOs;
    final List<String> installerTypes;
    /** File type of the application icon that jpackage expects on this system. */
    final String iconExtension;
    private final String libraryPrefix;
    private final String librarySuffix;

    TargetPlatform(String djlOs, String sqliteOs, String jnaOs, List<String> installerTypes, String iconExtension,
            String libraryPrefix, String librarySuffix) {
        this.djlOs = djlOs;
        this.sqliteOs = sqliteOs;
        this.jnaOs = jnaOs;
        this.installerTypes = installerTypes;
        this.iconExtension = iconExtension;
        this.libraryPrefix = libraryPrefix;
        this.librarySuffix = librarySuffix;
    }

    /** Returns the platform of this JVM, from {@code os.name}. */
    static TargetPlatform current() {
        String osName = System.getProperty("os.name");
        if (osName.startsWith("Linux")) {
            return LINUX;
        } else if (osName.startsWith("Windows")) {
            return WINDOWS;
        } else if (osName.startsWith("Mac")) {
            return MAC;
        }
        throw new IllegalStateException("jpackage builds installers on Linux, Windows and macOS only, not on " + osName);
    }

    /**
     * Returns the file name of a native library on this platform, as {@link System#mapLibraryName}
     * does on it: {@code torch} is {@code libtorch.so}, {@code torch.dll} or {@code libtorch.dylib}.
     */
    String libraryFile(String name) {
        return libraryPrefix + name + librarySuffix;
    }

    /** Returns whether a file name is a native library of this platform. */
    boolean isLibrary(String fileName) {
        return fileName.endsWith(librarySuffix);
    }

    /**
     * Returns the CPU architecture as DJL and sqlite-jdbc name it: {@code x86_64} or {@code aarch64}.
     *
     * @param osArch the JVM's {@code os.arch}
     */
    static String architecture(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            return "x86_64";
        } else if (arch.equals("aarch64") || arch.equals("arm64")) {
            return "aarch64";
        }
        throw new IllegalStateException("unsupported CPU architecture '" + osArch + "'; expected x86_64 or aarch64");
    }

    /** Returns JNA's folder name for this platform and architecture, such as {@code linux-x86-64}. */
    String jnaFolder(String architecture) {
        return jnaOs + "-" + architecture.replace('_', '-');
    }

    /** Returns DJL's classifier for this platform and architecture, such as {@code linux-x86_64}. */
    String djlClassifier(String architecture) {
        return djlOs + "-" + architecture;
    }
}
