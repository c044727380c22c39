package org.regiontag.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetPlatformTest {

    @Test
    void amd64IsX8664() {
        assertThat(TargetPlatform.architecture("amd64")).isEqualTo("x86_64");
    }

    @Test
    void aarch64KeepsName() {
        assertThat(TargetPlatform.architecture("aarch64")).isEqualTo("aarch64");
    }

    @Test
    void unsupportedArchitectureRejected() {
        assertThatThrownBy(() -> TargetPlatform.architecture("ppc64le"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'ppc64le'");
    }

    @Test
    void libraryFileNamesPerPlatform() {
        assertThat(TargetPlatform.LINUX.libraryFile("torch")).isEqualTo("libtorch.so");
        assertThat(TargetPlatform.WINDOWS.libraryFile("torch")).isEqualTo("torch.dll");
        assertThat(TargetPlatform.MAC.libraryFile("torch")).isEqualTo("libtorch.dylib");
    }

    @Test
    void libraryFileMatchesThisJvm() {
        TargetPlatform platform = TargetPlatform.current();

        assertThat(platform.libraryFile("torch")).isEqualTo(System.mapLibraryName("torch"));
    }

    @Test
    void classifiersAndJnaFolders() {
        assertThat(TargetPlatform.LINUX.djlClassifier("x86_64")).isEqualTo("linux-x86_64");
        assertThat(TargetPlatform.MAC.djlClassifier("aarch64")).isEqualTo("osx-aarch64");
        assertThat(TargetPlatform.WINDOWS.djlClassifier("x86_64")).isEqualTo("win-x86_64");
        assertThat(TargetPlatform.LINUX.jnaFolder("x86_64")).isEqualTo("linux-x86-64");
        assertThat(TargetPlatform.WINDOWS.jnaFolder("x86_64")).isEqualTo("win32-x86-64");
        assertThat(TargetPlatform.MAC.jnaFolder("aarch64")).isEqualTo("darwin-aarch64");
    }
}
