package org.regiontag.engine.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCacheTest {

    private static Path folder(Map<String, String> environment, String os, String home) {
        return ModelCache.defaultFolder(environment::get, os, home);
    }

    @Test
    void variableOverridesEverything() {
        assertThat(folder(Map.of("REGIONTAG_MODEL_CACHE", "/data/models", "XDG_CACHE_HOME", "/x"), "Linux", "/home/u"))
                .isEqualTo(Path.of("/data/models"));
    }

    @Test
    void linuxUsesXdgCacheHome() {
        assertThat(folder(Map.of("XDG_CACHE_HOME", "/var/cache/u"), "Linux", "/home/u"))
                .isEqualTo(Path.of("/var/cache/u/regiontag/models"));
    }

    @Test
    void linuxIgnoresRelativeXdgCacheHome() {
        assertThat(folder(Map.of("XDG_CACHE_HOME", "cache"), "Linux", "/home/u"))
                .isEqualTo(Path.of("/home/u/.cache/regiontag/models"));
        assertThat(folder(Map.of(), "Linux", "/home/u")).isEqualTo(Path.of("/home/u/.cache/regiontag/models"));
    }

    @Test
    void macOsUsesLibraryCaches() {
        assertThat(folder(Map.of(), "Mac OS X", "/Users/u"))
                .isEqualTo(Path.of("/Users/u/Library/Caches/RegionTag/models"));
    }

    @Test
    void windowsUsesLocalAppData() {
        assertThat(folder(Map.of("LOCALAPPDATA", "/c/Users/u/AppData/Local"), "Windows 11", "/c/Users/u"))
                .isEqualTo(Path.of("/c/Users/u/AppData/Local/RegionTag/models"));
        assertThat(folder(Map.of(), "Windows 10", "/c/Users/u"))
                .isEqualTo(Path.of("/c/Users/u/AppData/Local/RegionTag/models"));
    }
}
