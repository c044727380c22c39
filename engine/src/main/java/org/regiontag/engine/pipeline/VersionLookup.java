package org.regiontag.engine.pipeline;

import java.util.List;
import java.util.Optional;
import org.regiontag.db.UserInputException;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.engine.project.ModelVersions;

/**
 * The project's newest model version, loaded when it fits the current backbone and categories.
 *
 * @param latest the newest version's row, or null when there is none
 * @param usable the loaded version, or null when there is none or it does not fit
 * @param mismatches why the newest version does not fit; empty when it does or there is none
 */
record VersionLookup(ModelVersion latest, ModelVersions.Loaded usable, List<String> mismatches) {

    static VersionLookup latest(Workspace workspace) {
        Optional<ModelVersion> row = ModelVersions.findLatest(workspace.project);
        if (row.isEmpty()) {
            return new VersionLookup(null, null, List.of());
        }
        ModelVersions.Loaded loaded;
        try {
            loaded = ModelVersions.load(workspace.project, row.get());
        } catch (UserInputException e) {
            return new VersionLookup(row.get(), null, List.of(e.getMessage()));
        }
        List<String> mismatches = loaded.descriptor().mismatches(workspace.backbone, workspace.data.categories());
        return mismatches.isEmpty() ? new VersionLookup(row.get(), loaded, List.of())
                : new VersionLookup(row.get(), null, mismatches);
    }

    boolean hasTrainedVersion() {
        return usable != null && !usable.descriptor().isZeroShot();
    }
}
