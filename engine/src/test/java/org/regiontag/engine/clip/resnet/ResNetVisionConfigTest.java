package org.regiontag.engine.clip.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.regiontag.db.UserInputException;

class ResNetVisionConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonRoundTripKeepsEverySize() {
        ResNetVisionConfig config = new ResNetVisionConfig(List.of(2, 3), 8, 4, 64, 40);

        ResNetVisionConfig read = ResNetVisionConfig.fromJson(config.toJson(), "config.json");

        assertThat(read).isEqualTo(config);
        assertThat(config.toJson().toString())
                .isEqualTo("{\"type\":\"resnet\",\"layers\":[2,3],\"width\":8,\"heads\":4,\"image_size\":64,"
                        + "\"output_dim\":40}");
    }

    @Test
    void rn50SizesMatchOpenAis() {
        ResNetVisionConfig rn50 = ResNetVisionConfig.rn50();

        assertThat(rn50.embedDim()).isEqualTo(2048);
        assertThat(rn50.headWidth()).isEqualTo(64);
        assertThat(rn50.downsampling()).isEqualTo(32);
        assertThat(rn50.gridSize()).isEqualTo(7);
    }

    @Test
    void twoStagesGiveEightByEightGrid() {
        ResNetVisionConfig demo = new ResNetVisionConfig(List.of(1, 1), 8, 2, 64, 16);

        assertThat(demo.gridSize()).isEqualTo(8);
        assertThat(demo.embedDim()).isEqualTo(64);
    }

    @Test
    void missingFieldIsNamed() throws Exception {
        JsonNode vision = JSON.readTree("{\"type\": \"resnet\", \"layers\": [3, 4, 6, 3], \"width\": 64,"
                + " \"heads\": 32, \"image_size\": 224}");

        assertThatThrownBy(() -> ResNetVisionConfig.fromJson(vision, "ckpt/config.json"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("ckpt/config.json: invalid vision.output_dim: the field is missing");
    }

    @Test
    void invalidLayersShowTheValue() throws Exception {
        JsonNode vision = JSON.readTree("{\"type\": \"resnet\", \"layers\": [3, 0], \"width\": 64,"
                + " \"heads\": 32, \"image_size\": 224, \"output_dim\": 1024}");

        assertThatThrownBy(() -> ResNetVisionConfig.fromJson(vision, "config.json"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("config.json: invalid vision.layers:")
                .hasMessageContaining("[3,0]");
    }

    @Test
    void headsThatDoNotDivideAreRejected() throws Exception {
        JsonNode vision = JSON.readTree("{\"type\": \"resnet\", \"layers\": [1, 1], \"width\": 8,"
                + " \"heads\": 5, \"image_size\": 64, \"output_dim\": 16}");

        assertThatThrownBy(() -> ResNetVisionConfig.fromJson(vision, "config.json"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("config.json: invalid vision: heads 5 does not divide the attention pool's width 64");
    }

    @Test
    void imageSmallerThanDownsamplingIsRejected() {
        assertThatThrownBy(() -> new ResNetVisionConfig(List.of(3, 4, 6, 3), 64, 32, 16, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("downsampling 32");
    }

    @Test
    void otherTowerTypeIsRejected() throws Exception {
        JsonNode vision = JSON.readTree("{\"type\": \"vit\", \"width\": 768}");

        assertThatThrownBy(() -> ResNetVisionConfig.fromJson(vision, "config.json"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("config.json: invalid vision.type: expected type \"resnet\", found \"vit\"");
    }
}
