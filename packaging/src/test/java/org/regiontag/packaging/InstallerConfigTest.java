package org.regiontag.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallerConfigTest {

    @TempDir
    Path folder;

    @Test
    void snapshotVersionLosesSuffix() {
        assertThat(InstallerConfig.installerVersion("0.1.0-SNAPSHOT")).isEqualTo("0.1.0");
    }

    @Test
    void shortVersionKept() {
        assertThat(InstallerConfig.installerVersion("2.3")).isEqualTo("2.3");
    }

    @Test
    void fourthVersionNumberDropped() {
        assertThat(InstallerConfig.installerVersion("1.2.3.4")).isEqualTo("1.2.3");
    }

    @Test
    void versionWithoutNumberRejected() {
        assertThatThrownBy(() -> InstallerConfig.installerVersion("SNAPSHOT"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'SNAPSHOT'");
    }

    @Test
    void loadReadsListsAndPaths() throws IOException {
        Path file = writeSettings("");

        InstallerConfig config = InstallerConfig.load(file);

        assertThat(config.javaOptions()).containsExactly("-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true");
        assertThat(config.extraModules()).containsExactly("jdk.crypto.ec", "jdk.zipfs");
        assertThat(config.jarsDir()).isEqualTo(Path.of("/build/jars"));
        assertThat(config.installerVersion()).isEqualTo("0.1.0");
        assertThat(config.optionsFile()).isEmpty();
    }

    @Test
    void optionsFileRead() throws IOException {
        Path file = writeSettings("options.file=/build/signing.txt\n");

        assertThat(InstallerConfig.load(file).optionsFile()).contains(Path.of("/build/signing.txt"));
    }

    @Test
    void missingKeyNamesFileAndKey() throws IOException {
        Path file = writeSettings("main.class=\n");

        assertThatThrownBy(() -> InstallerConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": the key 'main.class' is missing or empty");
    }

    private Path writeSettings(String overrides) throws IOException {
        String settings = String.join("\n",
                "name=regiontag", "title=RegionTag", "version=0.1.0-SNAPSHOT", "vendor=RegionTag",
                "description=Test", "copyright=Nobody", "type=deb", "main.jar=app.jar",
                "main.class=org.regiontag.app.GuiMain", "pytorch.native.artifact=pytorch-native-cpu",
                "pytorch.native.classifier=linux-x86_64", "extra.modules=jdk.crypto.ec, jdk.zipfs",
                "java.options=-Dai.djl.offline=true \\\n    -DOPT_OUT_TRACKING=true",
                "jars.dir=/build/jars", "work.dir=/build/work", "dest.dir=/build/dist",
                "resources.dir=/build/installer", "options.file=", "");
        Path file = folder.resolve("installer.properties");
        Files.writeString(file, settings + overrides);
        return file;
    }
}
