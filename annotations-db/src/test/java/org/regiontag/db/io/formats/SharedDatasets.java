package org.regiontag.db.io.formats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared sample datasets that sit beside the checkout, for tests tagged {@code shared-data}. */
public final class SharedDatasets {

    private SharedDatasets() {
    }

    /**
     * Returns {@code datasets/<relative>} inside the folder that the system property
     * {@code regiontag.shared.dir} names, or skips the calling test when it is absent.
     */
    public static Path require(String relative) {
        String shared = System.getProperty("regiontag.shared.dir");
        assumeTrue(shared != null, "system property regiontag.shared.dir is not set; shared-data tests skipped");
        Path path = Path.of(shared, "datasets").resolve(relative).normalize();
        assumeTrue(Files.exists(path), path + " is absent; shared-data tests skipped");
        return path;
    }
}
