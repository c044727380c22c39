package org.regiontag.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacks jars laid out as the real ones (entry names copied from DJL 0.36, sqlite-jdbc, JNA and JavaFX 21). */
class NativeLibrariesTest {

    @TempDir
    Path jars;
    @TempDir
    Path app;

    @Test
    void linuxLibrariesUnpackedWhereOptionsPoint() throws IOException {
        writeLinuxJars();

        List<String> options = new NativeLibraries(TargetPlatform.LINUX, "x86_64", jars, app)
                .install(jars.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar"));

        assertThat(app.resolve("libtorch/libtorch.so")).hasContent("torch");
        assertThat(app.resolve("libtorch/libc10.so")).hasContent("c10");
        assertThat(app.resolve("libtorch/libdjl_torch.so")).hasContent("jni cpu");
        assertThat(app.resolve("tokenizers/libtokenizers.so")).hasContent("tokenizers");
        assertThat(app.resolve("sqlite/libsqlitejdbc.so")).hasContent("sqlite x86_64");
        assertThat(app.resolve("jna/libjnidispatch.so")).hasContent("jna");
        assertThat(app.resolve("libglass.so")).hasContent("glass");
        assertThat(options).containsExactly(
                "-DPYTORCH_LIBRARY_PATH=$APPDIR/libtorch",
                "-DRUST_LIBRARY_PATH=$APPDIR/tokenizers/libtokenizers.so",
                "-Dorg.sqlite.lib.path=$APPDIR/sqlite",
                "-Dorg.sqlite.lib.name=libsqlitejdbc.so",
                "-Djna.boot.library.path=$APPDIR/jna",
                "-Djna.nounpack=true");
    }

    @Test
    void otherArchitecturesAndClassesLeftOut() throws IOException {
        writeLinuxJars();

        new NativeLibraries(TargetPlatform.LINUX, "x86_64", jars, app)
                .install(jars.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar"));

        assertThat(app.resolve("libtorch")).isDirectoryNotContaining("glob:**/libtorch_aarch64.so");
        assertThat(app.resolve("libtorch/cu128")).doesNotExist();
        assertThat(app.resolve("com")).doesNotExist();
        assertThat(app.resolve("libtorch")).isDirectoryNotContaining("glob:**/pytorch.properties");
    }

    @Test
    void windowsNamesAndMinGwRuntime() throws IOException {
        writeJar("pytorch-native-cpu-2.7.1-win-x86_64.jar", "pytorch/cpu/win-x86_64/torch.dll", "torch");
        writeJar("pytorch-jni-2.7.1-0.36.0.jar", "jnilib/win-x86_64/cpu/djl_torch.dll", "jni");
        writeJar("tokenizers-0.36.0.jar",
                "native/lib/win-x86_64/cpu/tokenizers.dll", "tokenizers",
                "native/lib/win-x86_64/cpu/libstdc++-6.dll", "mingw");
        writeJar("sqlite-jdbc-3.54.1.0.jar", "org/sqlite/native/Windows/x86_64/sqlitejdbc.dll", "sqlite");
        writeJar("jna-5.17.0.jar", "com/sun/jna/win32-x86-64/jnidispatch.dll", "jna");
        writeJar("javafx-graphics-21.0.11-win.jar", "glass.dll", "glass");

        List<String> options = new NativeLibraries(TargetPlatform.WINDOWS, "x86_64", jars, app)
                .install(jars.resolve("pytorch-native-cpu-2.7.1-win-x86_64.jar"));

        assertThat(app.resolve("libtorch/djl_torch.dll")).exists();
        assertThat(app.resolve("tokenizers/libstdc++-6.dll")).exists();
        assertThat(app.resolve("jna/jnidispatch.dll")).exists();
        assertThat(app.resolve("glass.dll")).exists();
        assertThat(options).contains("-DRUST_LIBRARY_PATH=$APPDIR/tokenizers/tokenizers.dll",
                "-Dorg.sqlite.lib.name=sqlitejdbc.dll");
    }

    @Test
    void macJnaLibraryIsJnilib() throws IOException {
        writeJar("pytorch-native-cpu-2.7.1-osx-aarch64.jar", "pytorch/cpu/osx-aarch64/libtorch.dylib", "torch");
        writeJar("pytorch-jni-2.7.1-0.36.0.jar", "jnilib/osx-aarch64/cpu/libdjl_torch.dylib", "jni");
        writeJar("tokenizers-0.36.0.jar", "native/lib/osx-aarch64/cpu/libtokenizers.dylib", "tokenizers");
        writeJar("sqlite-jdbc-3.54.1.0.jar", "org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib", "sqlite");
        writeJar("jna-5.17.0.jar", "com/sun/jna/darwin-aarch64/libjnidispatch.jnilib", "jna");
        writeJar("javafx-graphics-21.0.11-mac-aarch64.jar", "libglass.dylib", "glass");

        new NativeLibraries(TargetPlatform.MAC, "aarch64", jars, app)
                .install(jars.resolve("pytorch-native-cpu-2.7.1-osx-aarch64.jar"));

        assertThat(app.resolve("jna/libjnidispatch.jnilib")).exists();
        assertThat(app.resolve("libtorch/libdjl_torch.dylib")).exists();
    }

    @Test
    void missingEntryNamesJarAndEntry() throws IOException {
        writeLinuxJars();
        writeJar("sqlite-jdbc-3.54.1.0.jar", "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so", "sqlite arm");

        NativeLibraries natives = new NativeLibraries(TargetPlatform.LINUX, "x86_64", jars, app);

        assertThatThrownBy(() -> natives.install(jars.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sqlite-jdbc-3.54.1.0.jar has no entry org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
    }

    @Test
    void twoMatchingJarsRejected() throws IOException {
        writeLinuxJars();
        writeJar("tokenizers-0.35.0.jar", "native/lib/linux-x86_64/cpu/libtokenizers.so", "old");

        NativeLibraries natives = new NativeLibraries(TargetPlatform.LINUX, "x86_64", jars, app);

        assertThatThrownBy(() -> natives.findJar("tokenizers-"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected one tokenizers-*.jar");
    }

    @Test
    void missingJavaFxLibrariesRejected() throws IOException {
        writeLinuxJars();
        Files.delete(jars.resolve("javafx-graphics-21.0.11-linux.jar"));

        NativeLibraries natives = new NativeLibraries(TargetPlatform.LINUX, "x86_64", jars, app);

        assertThatThrownBy(() -> natives.install(jars.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no JavaFX native library");
    }

    private void writeLinuxJars() throws IOException {
        writeJar("pytorch-native-cpu-2.7.1-linux-x86_64.jar",
                "pytorch/cpu/linux-x86_64/libtorch.so", "torch",
                "pytorch/cpu/linux-x86_64/libc10.so", "c10",
                "pytorch/cpu/linux-aarch64/libtorch_aarch64.so", "other architecture",
                "native/lib/pytorch.properties", "version=2.7.1");
        writeJar("pytorch-jni-2.7.1-0.36.0.jar",
                "jnilib/linux-x86_64/cpu/libdjl_torch.so", "jni cpu",
                "jnilib/linux-x86_64/cu128/libdjl_torch.so", "jni cuda");
        writeJar("tokenizers-0.36.0.jar", "native/lib/linux-x86_64/cpu/libtokenizers.so", "tokenizers");
        writeJar("sqlite-jdbc-3.54.1.0.jar",
                "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so", "sqlite x86_64",
                "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so", "sqlite aarch64");
        writeJar("jna-5.17.0.jar", "com/sun/jna/linux-x86-64/libjnidispatch.so", "jna");
        writeJar("javafx-graphics-21.0.11-linux.jar",
                "libglass.so", "glass",
                "com/sun/glass/utils/NativeLibLoader.class", "class");
        writeJar("javafx-graphics-21.0.11.jar", "META-INF/MANIFEST.MF", "empty");
    }

    /** Writes a jar with the given entry names and contents, alternating. */
    private void writeJar(String name, String... entriesAndContents) throws IOException {
        try (OutputStream file = Files.newOutputStream(jars.resolve(name));
                ZipOutputStream zip = new ZipOutputStream(file)) {
            for (int i = 0; i < entriesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(entriesAndContents[i]));
                zip.write(entriesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }
}
