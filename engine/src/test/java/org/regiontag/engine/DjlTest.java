package org.regiontag.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
