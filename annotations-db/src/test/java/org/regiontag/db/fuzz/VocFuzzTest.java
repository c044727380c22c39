package org.regiontag.db.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzzes reading a Pascal VOC annotation or list file. Without {@code JAZZER_FUZZ} the test
 * replays the committed inputs under {@code VocFuzzTestInputs/} (seeds and every crash found so
 * far), and the {@code fuzz} profile mutates them for a bounded time.
 */
class VocFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void inputReadOrRejected(byte[] data) throws IOException {
        FuzzTargets.voc(data);
    }
}
