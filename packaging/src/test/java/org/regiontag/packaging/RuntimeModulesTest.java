package org.regiontag.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuntimeModulesTest {

    @Test
    void parsesJdepsLine() {
        assertThat(RuntimeModules.parseModuleList("java.base,java.sql\n")).containsExactly("java.base", "java.sql");
    }

    @Test
    void parsesEmptyOutput() {
        assertThat(RuntimeModules.parseModuleList("\n")).isEmpty();
    }

    @Test
    void plainJarModulesFound() throws Exception {
        Set<String> modules = RuntimeModules.find(List.of(jarOf(picocli.CommandLine.class)), List.of());

        assertThat(modules).contains("java.base");
    }

    /** logback-classic requires the module org.slf4j, which jdeps cannot resolve from the jar alone. */
    @Test
    void modularJarWithMissingModuleAnalysed() throws Exception {
        Set<String> modules = RuntimeModules.find(List.of(jarOf(ch.qos.logback.classic.Logger.class)), List.of());

        assertThat(modules).contains("java.base", "java.xml").doesNotContain("org.slf4j");
    }

    @Test
    void extraModulesAdded() throws IOException {
        assertThat(RuntimeModules.find(List.of(), List.of("jdk.zipfs"))).containsExactly("jdk.zipfs");
    }

    @Test
    void unknownExtraModuleRejected() {
        assertThatThrownBy(() -> RuntimeModules.find(List.of(), List.of("jdk.nothing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jdk.nothing'");
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
