package org.regiontag.engine.heatmap;

import java.util.List;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.engine.project.Backbone;
import org.regiontag.engine.project.ModelVersions;
import org.regiontag.engine.project.VersionDescriptor;

/**
 * Finds a project's newest model version when it is trained and fits the project's backbone and
 * categories, keeping the loaded version until a newer one is registered. Not thread-safe; the
 * services that use it serialise their calls.
 */
final class TrainedVersionLookup {

    private final Project project;
    private final Backbone backbone;
    private ModelVersions.Loaded loadedVersion;

    TrainedVersionLookup(Project project, Backbone backbone) {
        this.project = project;
        this.backbone = backbone;
    }

    /**
     * Returns the newest version when it is trained and fits the project, else empty.
     *
     * @param required whether its absence is an error
     * @param noVersionKey the message key for a project without a trained version
     * @param mismatchKey the message key for a version that does not fit, with the version id and the reasons
     * @throws UserInputException when {@code required} and there is no such version
     */
    Optional<ModelVersions.Loaded> find(boolean required, String noVersionKey, String mismatchKey) {
        Optional<ModelVersion> latest = ModelVersions.findLatest(project);
        if (latest.isEmpty()) {
            return require(required, HeatmapMessages.format(noVersionKey));
        }
        if (loadedVersion == null || loadedVersion.row().id() != latest.get().id()) {
            loadedVersion = ModelVersions.load(project, latest.get());
        }
        ModelVersions.Loaded loaded = loadedVersion;
        VersionDescriptor descriptor = loaded.descriptor();
        if (descriptor.isZeroShot()) {
            return require(required, HeatmapMessages.format(noVersionKey));
        }
        List<Category> categories = project.database().read(connection ->
                new CategoryRepository(connection).findAllCategories());
        List<String> mismatches = descriptor.mismatches(backbone, categories);
        if (!mismatches.isEmpty()) {
            return require(required, HeatmapMessages.format(mismatchKey, latest.get().id(),
                    String.join("; ", mismatches)));
        }
        return Optional.of(loaded);
    }

    /** Returns the category's index among the version's categories, its column in the head's outputs. */
    static int column(ModelVersions.Loaded version, long categoryId) {
        List<VersionDescriptor.CategoryRef> refs = version.descriptor().categories();
        for (int c = 0; c < refs.size(); c++) {
            if (refs.get(c).id() == categoryId) {
                return c;
            }
        }
        throw new IllegalStateException("category " + categoryId + " is not in model version "
                + version.row().id() + ", which fits the project");
    }

    private static Optional<ModelVersions.Loaded> require(boolean required, String message) {
        if (required) {
            throw new UserInputException(message);
        }
        return Optional.empty();
    }
}
