package org.regiontag.engine.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.regiontag.db.Project;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.db.repo.ModelVersionRepository;
import org.regiontag.db.repo.Prototype;
import org.regiontag.db.repo.PrototypeKind;
import org.regiontag.db.repo.PrototypeRepository;
import org.regiontag.engine.train.proto.CategoryPrototype;
import org.regiontag.engine.train.proto.PrototypeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves model versions (a folder under {@code models/} plus a {@code model_version} row with its
 * prototypes) and loads them back.
 */
public final class ModelVersions {

    private static final Logger LOG = LoggerFactory.getLogger(ModelVersions.class);

    private ModelVersions() {
    }

    /** Work that joins the transaction registering a version, such as storing its suggestions. */
    @FunctionalInterface
    public interface VersionWork {
        void run(Connection connection, long modelVersionId) throws SQLException;
    }

    /**
     * A stored version with its contents.
     *
     * @param row the store's row
     * @param contents the folder's files and the stored prototypes
     */
    public record Loaded(ModelVersion row, VersionContents contents) {

        public VersionDescriptor descriptor() {
            return contents.descriptor();
        }

        public int round() {
            return contents.descriptor().round();
        }
    }

    /** Finds the newest version's row. */
    public static Optional<ModelVersion> findLatest(Project project) {
        return project.database().read(connection -> new ModelVersionRepository(connection).findLatestModelVersion());
    }

    /** Finds every version's row, oldest first. */
    public static List<ModelVersion> findAll(Project project) {
        return project.database().read(connection -> new ModelVersionRepository(connection).findAllModelVersions());
    }

    /**
     * Loads a version's files and prototypes.
     *
     * @throws org.regiontag.db.UserInputException when a file of the version is missing or damaged
     */
    public static Loaded load(Project project, ModelVersion row) {
        ModelVersionFiles.FolderContents files = ModelVersionFiles.read(project.modelsFolder(), row.weightsFile());
        List<Prototype> stored = project.database().read(connection -> new PrototypeRepository(connection)
                .findPrototypesByVersion(row.id()));
        PrototypeState prototypes = prototypes(files.descriptor(), stored, files.positive());
        String metrics = row.metrics() == null ? "{}" : row.metrics();
        return new Loaded(row, new VersionContents(files.descriptor(), files.config(), files.parameters(),
                files.positive(), files.negative(), prototypes, metrics));
    }

    /**
     * Writes a version's folder, then registers it in one transaction: its row (with the parent, the
     * backbone's identity, the training config and the metrics), its prototypes, and whatever
     * {@code work} adds. When the transaction fails the folder is deleted again, so the project is
     * as it was.
     *
     * @return the new version's id
     */
    public static long register(Project project, Long parentId, VersionContents contents, List<Category> categories,
            VersionWork work) {
        String weightsFile;
        try {
            weightsFile = ModelVersionFiles.write(project.modelsFolder(), contents);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a model version under " + project.modelsFolder() + " failed", e);
        }
        try {
            long id = project.database().inTransaction(connection -> {
                long versionId = new ModelVersionRepository(connection).insertModelVersion(parentId,
                        contents.descriptor().backboneIdentity(), contents.config().toJson(), contents.metricsJson(),
                        weightsFile, project.database().now());
                new PrototypeRepository(connection).upsertPrototypes(rows(versionId, contents.prototypes(),
                        categories));
                work.run(connection, versionId);
                return versionId;
            });
            LOG.info("registered model version {} (round {}, {}) in {}", id, contents.descriptor().round(),
                    contents.descriptor().kind(), weightsFile);
            return id;
        } catch (RuntimeException e) {
            ModelVersionFiles.deleteFolder(project.modelsFolder(), weightsFile);
            throw e;
        }
    }

    /** Stores new metrics for a version, in the store and its folder. */
    public static void updateMetrics(Project project, ModelVersion row, String metricsJson) {
        project.database().inTransaction(connection -> {
            new ModelVersionRepository(connection).updateMetrics(row.id(), metricsJson);
            return null;
        });
        try {
            ModelVersionFiles.writeMetrics(project.modelsFolder(), row.weightsFile(), metricsJson);
        } catch (IOException e) {
            // The store has the metrics; the folder's copy is for people reading the files.
            LOG.warn("could not update the metrics file of model version {}", row.id(), e);
        }
    }

    private static List<Prototype> rows(long versionId, PrototypeState state, List<Category> categories) {
        List<Prototype> rows = new ArrayList<>();
        for (CategoryPrototype prototype : state.categories()) {
            long categoryId = categories.get(prototype.category()).id();
            rows.add(new Prototype(versionId, categoryId, PrototypeKind.TEXT, 0, prototype.text()));
            if (prototype.hasVisual()) {
                rows.add(new Prototype(versionId, categoryId, PrototypeKind.VISUAL, 0, prototype.visual()));
            }
        }
        return rows;
    }

    private static PrototypeState prototypes(VersionDescriptor descriptor, List<Prototype> stored, float[][] positive) {
        Map<Long, float[]> text = new HashMap<>();
        Map<Long, float[]> visual = new HashMap<>();
        for (Prototype prototype : stored) {
            if (prototype.centre() != 0) {
                continue;
            }
            (prototype.kind() == PrototypeKind.TEXT ? text : visual).put(prototype.categoryId(), prototype.vector());
        }
        List<CategoryPrototype> categories = new ArrayList<>();
        List<VersionDescriptor.CategoryRef> refs = descriptor.categories();
        for (int c = 0; c < refs.size(); c++) {
            long id = refs.get(c).id();
            float[] textVector = text.getOrDefault(id, VectorMath.normalise(positive[c]));
            long updates = c < descriptor.prototypeUpdates().size() ? descriptor.prototypeUpdates().get(c) : 0;
            categories.add(new CategoryPrototype(c, visual.getOrDefault(id, new float[0]), textVector, updates));
        }
        return new PrototypeState(descriptor.embedDim(), categories);
    }

    /** The folder of a version's files. */
    public static Path folder(Project project, ModelVersion row) {
        return ModelVersionFiles.folderOf(project.modelsFolder(), row.weightsFile());
    }
}
