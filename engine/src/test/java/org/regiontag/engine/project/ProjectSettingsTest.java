package org.regiontag.engine.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.repo.SettingRepository;
import org.regiontag.engine.clip.DenseMode;

class ProjectSettingsTest {

    @TempDir
    Path temp;

    @Test
    void newProjectHasDefaults() {
        try (Project project = Project.create(temp.resolve("p"), "p")) {
            assertThat(ProjectSettings.read(project.database())).isEqualTo(BackboneSettings.defaults());
        }
    }

    @Test
    void settingsSurviveReopening() {
        BackboneSettings settings = new BackboneSettings("clip-vit-base-patch16", 448, DenseMode.PROJECTED_TOKENS,
                "cpu", List.of("a photo of a {}.", "a photo of the small {}."));
        try (Project project = Project.create(temp.resolve("p"), "p")) {
            ProjectSettings.write(project.database(), settings);
        }

        try (Project project = Project.open(temp.resolve("p"))) {
            assertThat(ProjectSettings.read(project.database())).isEqualTo(settings);
        }
    }

    @Test
    void invalidStoredValueNamesTheKey() {
        try (Project project = Project.create(temp.resolve("p"), "p")) {
            project.database().inTransaction(connection -> {
                new SettingRepository(connection).upsertSetting("backbone.image_size", "large");
                return null;
            });

            assertThatThrownBy(() -> ProjectSettings.read(project.database()))
                    .isInstanceOf(UserInputException.class)
                    .hasMessageContaining("backbone.image_size").hasMessageContaining("'large'");
        }
    }

    @Test
    void templateWithoutPlaceholderIsRejected() {
        assertThatThrownBy(() -> BackboneSettings.defaults().withPromptTemplates(List.of("a photo")))
                .isInstanceOf(UserInputException.class)
                .hasMessage("prompt template 'a photo' must contain {} exactly once, where the category's prompt name goes");
    }

    @Test
    void imageSizeOutsideRangeIsRejected() {
        assertThatThrownBy(() -> BackboneSettings.defaults().withImageSize(2048))
                .isInstanceOf(UserInputException.class)
                .hasMessage("image size 2048 px is invalid; use a size from 32 to 1024 px, such as 224 or 448");
    }
}
