package org.regiontag.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzzes opening a safetensors file and reading each floating-point tensor. Without {@code
 * JAZZER_FUZZ} the test replays the committed inputs under {@code SafetensorsFuzzTestInputs/} (seeds
 * and every crash found so far), and the {@code fuzz} profile mutates them for a bounded time.
 */
class SafetensorsFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void inputReadOrRejected(byte[] data) throws IOException {
        EngineFuzzTargets.safetensors(data);
    }
}
