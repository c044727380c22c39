package org.regiontag.db.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzzes reading a COCO instances file. Without {@code JAZZER_FUZZ} the test replays the committed
 * inputs under {@code CocoFuzzTestInputs/} (seeds and every crash found so far), and the {@code
 * fuzz} profile mutates them for a bounded time.
 */
class CocoFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void inputReadOrRejected(byte[] data) throws IOException {
        FuzzTargets.coco(data);
    }
}
