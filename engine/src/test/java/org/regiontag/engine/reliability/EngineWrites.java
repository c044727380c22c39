package org.regiontag.engine.reliability;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.regiontag.db.Database;
import org.regiontag.db.Project;
import org.regiontag.db.image.ImageProbe;
import org.regiontag.db.repo.ModelVersionRepository;
import org.regiontag.db.repo.PrototypeKind;
import org.regiontag.db.repo.Prototype;
import org.regiontag.db.repo.PrototypeRepository;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.SuggestionDraft;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.engine.clip.SafetensorsWriter;

/**
 * The store writes of the engine's jobs, made through the same repositories and file writer the
 * jobs use: a training round's model version and a suggestion run's suggestions. The crash harness
 * and the concurrency test drive the jobs through these methods.
 */
final class EngineWrites {

    /** The backbone name recorded with harness versions. */
    static final String BACKBONE = "harness-backbone";
    /** Width of the prototype vectors, that of CLIP ViT-B/16's joint embedding space. */
    static final int EMBED_DIM = 512;

    private EngineWrites() {
    }

    /**
     * A model version as written.
     *
     * @param id the row id
     * @param weightsFile the file name under {@code models/}
     * @param sha256 the file's SHA-256, which the row's training configuration also records
     * @param suggestions suggestions stored with it
     */
    record WrittenVersion(long id, String weightsFile, String sha256, int suggestions) {
    }

    /**
     * Writes a model version as a training round does: the weights file first (written under a
     * temporary name and renamed into place), then in one transaction the row, a text and a visual
     * prototype per category, and the version's suggestions for {@code cells}.
     *
     * @param weightFloats float32 values in the weights file (4 bytes each)
     * @param cells the (image id, category id) pairs to suggest for
     */
    // TODO: run a real FineTune round (and its Suggest run) here once the engine's training job is
    // merged; until then this writes what a round writes, in the same order.
    static WrittenVersion writeModelVersion(Project project, Random random, int weightFloats, List<long[]> cells,
            List<Long> categoryIds) throws IOException {
        Database database = project.database();
        Long parentId = database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT max(id) FROM model_version");
                    ResultSet row = select.executeQuery()) {
                row.next();
                long max = row.getLong(1);
                return row.wasNull() ? null : max;
            }
        });
        long number = parentId == null ? 1 : parentId + 1;
        String fileName = "version-" + number + ".safetensors";
        Path weights = project.modelsFolder().resolve(fileName);

        SafetensorsWriter.write(weights, Map.of(
                "head.weight", randomTensor(random, new long[] {weightFloats / EMBED_DIM, EMBED_DIM}),
                "prompt.context", randomTensor(random, new long[] {16, EMBED_DIM})));
        String sha256 = ImageProbe.sha256(weights);

        String trainingConfig = "{\"steps\": 10, \"matching\": \"region\", \"weights_sha256\": \"" + sha256 + "\"}";
        List<SuggestionDraft> drafts = drafts(random, cells);
        long[] stored = new long[2];
        database.inTransaction(connection -> {
            long id = new ModelVersionRepository(connection).insertModelVersion(parentId, BACKBONE, trainingConfig,
                    null, fileName, database.now());
            List<Prototype> prototypes = new ArrayList<>();
            for (long categoryId : categoryIds) {
                prototypes.add(new Prototype(id, categoryId, PrototypeKind.TEXT, 0, randomVector(random)));
                prototypes.add(new Prototype(id, categoryId, PrototypeKind.VISUAL, 0, randomVector(random)));
            }
            new PrototypeRepository(connection).upsertPrototypes(prototypes);
            stored[0] = id;
            stored[1] = new SuggestionRepository(connection).replaceSuggestionsForVersion(id, drafts, database.now());
            return null;
        });
        return new WrittenVersion(stored[0], fileName, sha256, (int) stored[1]);
    }

    /**
     * Stores suggestions of an existing version for {@code cells} in one transaction, as a
     * suggestion run does; returns how many were stored as pending.
     */
    // TODO: run the real Suggest job here once it is merged.
    static int writeSuggestions(Database database, long versionId, Random random, List<long[]> cells) {
        List<SuggestionDraft> drafts = drafts(random, cells);
        return database.inTransaction(connection ->
                new SuggestionRepository(connection).replaceSuggestionsForVersion(versionId, drafts, database.now()));
    }

    private static List<SuggestionDraft> drafts(Random random, List<long[]> cells) {
        List<SuggestionDraft> drafts = new ArrayList<>(cells.size());
        for (long[] cell : cells) {
            double probability = random.nextDouble();
            ProposedState proposed = probability > 0.7 ? ProposedState.POSITIVE
                    : probability < 0.3 ? ProposedState.NEGATIVE : ProposedState.NONE;
            drafts.add(new SuggestionDraft(cell[0], cell[1], probability, random.nextDouble() * 2 - 1,
                    random.nextDouble() * 2 - 1, proposed, random.nextDouble(), random.nextInt(10) == 0));
        }
        return drafts;
    }

    private static SafetensorsWriter.Tensor randomTensor(Random random, long[] shape) {
        int count = (int) (shape[0] * shape[1]);
        ByteBuffer data = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            data.putFloat((float) random.nextGaussian());
        }
        return new SafetensorsWriter.Tensor(DataType.FLOAT32, shape, data.flip());
    }

    private static float[] randomVector(Random random) {
        float[] vector = new float[EMBED_DIM];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }
}
