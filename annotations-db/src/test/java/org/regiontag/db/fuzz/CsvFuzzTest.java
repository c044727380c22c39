package org.regiontag.db.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzzes reading a CSV file, in the wide and the long layout. Without {@code JAZZER_FUZZ} the test
 * replays the committed inputs under {@code CsvFuzzTestInputs/} (seeds and every crash found so
 * far), and the {@code fuzz} profile mutates them for a bounded time.
 */
class CsvFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void inputReadOrRejected(byte[] data) throws IOException {
        FuzzTargets.csv(data);
    }
}
