package org.regiontag.db.io.export;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.db.repo.DatasetRoot;
import org.regiontag.db.repo.ImageRecord;

/**
 * The image paths an export writes: relative to the dataset root when the project has one, and
 * relative to the deepest folder that contains all roots when it has several, so that one
 * {@code --images} folder re-imports them all. Roots that share no folder (Windows drives) give
 * absolute paths.
 */
final class ExportPaths {

    private final Path commonRoot;
    private final Map<Long, String> prefixByRoot = new HashMap<>();

    private ExportPaths(Path commonRoot) {
        this.commonRoot = commonRoot;
    }

    static ExportPaths of(List<DatasetRoot> roots) {
        Path common = roots.isEmpty() ? null : roots.get(0).path();
        for (DatasetRoot root : roots) {
            while (common != null && !root.path().startsWith(common)) {
                common = common.getParent();
            }
        }
        ExportPaths paths = new ExportPaths(common);
        for (DatasetRoot root : roots) {
            String prefix;
            if (common == null) {
                prefix = root.path().toString().replace('\\', '/') + "/";
            } else {
                String relative = common.relativize(root.path()).toString().replace('\\', '/');
                prefix = relative.isEmpty() ? "" : relative + "/";
            }
            paths.prefixByRoot.put(root.id(), prefix);
        }
        return paths;
    }

    /** Returns the folder exported paths are relative to, or {@code null} when they are absolute. */
    Path commonRoot() {
        return commonRoot;
    }

    /** Returns the image's path as exports write it, {@code /}-separated. */
    String pathOf(ImageRecord image) {
        return prefixByRoot.get(image.rootId()) + image.path();
    }
}
