package org.regiontag.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserFoldersTest {

    @Test
    void linuxFollowsXdgVariables() {
        UserFolders folders = UserFolders.of(Map.of("XDG_CONFIG_HOME", "/x/config", "XDG_DATA_HOME", "/x/data")::get,
                "Linux", "/home/ann");

        assertThat(folders.config()).isEqualTo(Path.of("/x/config/regiontag"));
        assertThat(folders.logs()).isEqualTo(Path.of("/x/data/regiontag/logs"));
    }

    @Test
    void linuxIgnoresRelativeXdgValues() {
        UserFolders folders = UserFolders.of(Map.of("XDG_CONFIG_HOME", "relative")::get, "Linux", "/home/ann");

        assertThat(folders.config()).isEqualTo(Path.of("/home/ann/.config/regiontag"));
        assertThat(folders.data()).isEqualTo(Path.of("/home/ann/.local/share/regiontag"));
    }

    @Test
    void windowsUsesAppData() {
        UserFolders folders = UserFolders.of(Map.of("APPDATA", "C:/Users/ann/AppData/Roaming",
                "LOCALAPPDATA", "C:/Users/ann/AppData/Local")::get, "Windows 11", "C:/Users/ann");

        assertThat(folders.config()).isEqualTo(Path.of("C:/Users/ann/AppData/Roaming/RegionTag"));
        assertThat(folders.logs()).isEqualTo(Path.of("C:/Users/ann/AppData/Local/RegionTag/logs"));
    }

    @Test
    void macUsesLibrary() {
        UserFolders folders = UserFolders.of(Map.<String, String>of()::get, "Mac OS X", "/Users/ann");

        assertThat(folders.config()).isEqualTo(Path.of("/Users/ann/Library/Application Support/RegionTag"));
        assertThat(folders.logs()).isEqualTo(Path.of("/Users/ann/Library/Logs/RegionTag"));
    }
}
