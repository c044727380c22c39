package org.regiontag.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentProjectsTest {

    @TempDir
    Path config;

    @Test
    void newestFirstWithoutRepeats() {
        RecentProjects recent = new RecentProjects(config);

        recent.add(Path.of("/p/a"));
        recent.add(Path.of("/p/b"));
        recent.add(Path.of("/p/a"));

        assertThat(new RecentProjects(config).list()).containsExactly(Path.of("/p/a"), Path.of("/p/b"));
    }

    @Test
    void keepsAtMostTen() {
        RecentProjects recent = new RecentProjects(config);

        for (int i = 0; i < 15; i++) {
            recent.add(Path.of("/p/" + i));
        }

        assertThat(recent.list()).hasSize(RecentProjects.MAX_ENTRIES).startsWith(Path.of("/p/14"));
    }
}
