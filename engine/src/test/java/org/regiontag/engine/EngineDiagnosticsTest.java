package org.regiontag.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.regiontag.engine.EngineDiagnostics.EngineStatus;

class EngineDiagnosticsTest {

    @Test
    void statusNamesPinnedLibtorchVersion() {
        EngineStatus status = EngineDiagnostics.engineStatus();

        assertThat(status.engineName()).isEqualTo(Djl.ENGINE_NAME);
        assertThat(status.engineVersion()).isEqualTo("2.7.1");
        assertThat(status.djlVersion()).isEqualTo("0.36.0");
    }

    @Test
    void statusPointsAtLoadedLibtorch() {
        EngineStatus status = EngineDiagnostics.engineStatus();

        assertThat(status.nativeLibraryFolder().resolve(System.mapLibraryName("torch"))).isRegularFile();
    }

    @Test
    void cudaVersionOnlyWithGpu() {
        EngineStatus status = EngineDiagnostics.engineStatus();

        if (status.gpuCount() == 0) {
            assertThat(status.cudaVersion()).isNull();
        } else {
            assertThat(status.cudaVersion()).isNotBlank();
        }
    }

    @Test
    void computationCheckPassesOnCpu() {
        Duration elapsed = EngineDiagnostics.checkComputation(Device.cpu());

        assertThat(elapsed).isPositive();
    }

    @Test
    void tokenizersLibraryFolderHoldsLibrary() throws IOException {
        Path folder = EngineDiagnostics.loadTokenizersLibrary();

        try (Stream<Path> files = Files.walk(folder)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .contains(System.mapLibraryName("tokenizers"));
        }
    }
}
