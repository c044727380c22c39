package org.regiontag.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.regiontag.db.UserInputException;

class DjlTest {

    @Test
    void engineRefusesToStartWithoutOfflineSetting() {
        String saved = System.getProperty(Djl.OFFLINE_PROPERTY);
        try {
            System.clearProperty(Djl.OFFLINE_PROPERTY);

            assertThat(Djl.isOfflineConfigured()).isFalse();
            assertThatThrownBy(Djl::engine)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ai.djl.offline");
        } finally {
            System.setProperty(Djl.OFFLINE_PROPERTY, saved == null ? "true" : saved);
        }
    }

    @Test
    void offlinePropertiesSuffice() {
        assertThat(Djl.isOfflineConfigured(Map.of(), offlineProperties())).isTrue();
    }

    @Test
    void environmentOverridesOfflineProperty() {
        assertThat(Djl.isOfflineConfigured(Map.of("DJL_OFFLINE", "false"), offlineProperties())).isFalse();
    }

    @Test
    void environmentOverridesTrackingProperty() {
        assertThat(Djl.isOfflineConfigured(Map.of("OPT_OUT_TRACKING", "false"), offlineProperties())).isFalse();
    }

    @Test
    void environmentAloneSuffices() {
        Map<String, String> environment = Map.of("DJL_OFFLINE", "true", "OPT_OUT_TRACKING", "true");

        assertThat(Djl.isOfflineConfigured(environment, new Properties())).isTrue();
    }

    private static Properties offlineProperties() {
        Properties properties = new Properties();
        properties.setProperty("ai.djl.offline", "true");
        properties.setProperty("OPT_OUT_TRACKING", "true");
        return properties;
    }

    @Test
    void testsRunWithOfflineSettings() {
        assertThat(Djl.isOfflineConfigured()).isTrue();
    }

    @Test
    void cpuManagerComputes() {
        try (NDManager manager = Djl.newBaseManager(Device.cpu())) {
            NDArray product = manager.create(new float[] {1, 2, 3}).dot(manager.create(new float[] {4, 5, 6}));

            assertThat(product.getFloat()).isEqualTo(32f);
        }
    }

    @Test
    void unknownDeviceNamesTheChoices() {
        assertThatThrownBy(() -> Djl.device("tpu"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("unknown device 'tpu'; expected one of auto, cpu, gpu");
    }

    @Test
    void autoDeviceIsCpuWithoutGpu() {
        Device expected = Djl.engine().getGpuCount() > 0 ? Device.gpu() : Device.cpu();

        assertThat(Djl.device("auto")).isEqualTo(expected);
    }
}
