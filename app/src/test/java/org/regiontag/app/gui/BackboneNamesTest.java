package org.regiontag.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackboneNamesTest {

    @Test
    void shortNameDropsCacheKey() {
        assertThat(BackboneNames.shortName("demo-tiny-clip@3f2a9c0b1d4e5f60")).isEqualTo("demo-tiny-clip");
    }

    @Test
    void shortNameDropsFolder() {
        assertThat(BackboneNames.shortName("/tmp/models/my-clip@3f2a9c0b")).isEqualTo("my-clip");
        assertThat(BackboneNames.shortName("C:\\models\\my-clip@3f2a")).isEqualTo("my-clip");
    }

    @Test
    void shortNameKeepsPlainName() {
        assertThat(BackboneNames.shortName("clip-vit-base-patch16")).isEqualTo("clip-vit-base-patch16");
    }
}
