package org.regiontag.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes parsing a model folder's {@code config.json}. Without {@code JAZZER_FUZZ} the test
 * replays the committed inputs under {@code ConfigJsonFuzzTestInputs/} (seeds and every crash found
 * so far), and the {@code fuzz} profile mutates them for a bounded time.
 */
class ConfigJsonFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void inputReadOrRejected(byte[] data) {
        EngineFuzzTargets.configJson(data);
    }
}
