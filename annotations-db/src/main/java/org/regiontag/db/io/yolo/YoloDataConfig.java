package org.regiontag.db.io.yolo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.regiontag.db.io.Split;

/**
 * The facts that a YOLO names file or data YAML states about a dataset.
 *
 * @param file the names file or YAML that was read
 * @param names the class names, by class index
 * @param root the dataset root: the YAML's {@code path} where it names an existing folder, else the
 *     folder of {@code file}
 * @param splitEntries the YAML's {@code train}, {@code val} and {@code test} entries (folders of
 *     images or text files listing images, relative to {@code root}); empty for a names file
 * @param notes remarks for the import summary, such as a {@code path} that was not found
 */
record YoloDataConfig(Path file, List<String> names, Path root, Map<Split, List<String>> splitEntries,
        List<String> notes) {

    YoloDataConfig {
        names = List.copyOf(names);
        splitEntries = Map.copyOf(splitEntries);
        notes = List.copyOf(notes);
    }
}
