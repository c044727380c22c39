package org.regiontag.engine.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.regiontag.db.Database;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.edit.CellChange;
import org.regiontag.db.edit.EditResult;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.ImportSummary;
import org.regiontag.db.io.MissingLabelSimulation;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.db.io.formats.DatasetReaders;
import org.regiontag.db.repo.ModelVersion;
import org.regiontag.db.repo.Suggestion;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.engine.Djl;
import org.regiontag.engine.pipeline.ExtractionResult;
import org.regiontag.engine.pipeline.FineTuneResult;
import org.regiontag.engine.pipeline.SuggestResult;
import org.regiontag.engine.project.ModelVersions;

/**
 * The child process of the crash harness: opens (or creates) a project and changes it without
 * end, the way the application and its jobs do, until the harness kills it.
 *
 * <p>A new project first imports the generated scenes of the inputs folder and extracts their
 * features. Then steps, chosen at random: CSV imports through the real reader and writer, single
 * and batch label edits, undo, redo, accepting and rejecting suggestions one at a time and in
 * batches, and the engine's real {@code Suggest} job and {@code FineTune} round ({@link EngineJobs}).
 * Before each step it appends {@code begin STEP} to the acknowledgement file and, after the step's
 * transaction returned, one line with what was committed (see {@link CrashHarness} for the format).
 *
 * <p>Arguments: {@code PROJECT_DIR ACK_FILE SOURCES_DIR INPUTS_DIR SEED}.
 */
public final class CrashWorkload {

    static final String ACTOR = "crash-workload";
    /** Category names of every import; an import sometimes adds one more. */
    static final int BASE_CATEGORIES = 8;

    private final Project project;
    private final Database database;
    private final LabelEditor editor;
    private final AckLog acks;
    private final Path sources;
    private final Path inputs;
    private final Random random;
    private final long seed;
    private final List<Long> imageIds = new ArrayList<>();
    private final List<Long> categoryIds = new ArrayList<>();
    private int imports;

    private EngineJobs engine;

    private CrashWorkload(Project project, AckLog acks, Path sources, Path inputs, long seed) {
        this.project = project;
        this.database = project.database();
        this.editor = new LabelEditor(database);
        this.acks = acks;
        this.sources = sources;
        this.inputs = inputs;
        this.seed = seed;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        Djl.configureOffline();
        Path projectDir = Path.of(args[0]);
        Path ackFile = Path.of(args[1]);
        Path sources = Path.of(args[2]);
        Path inputs = Path.of(args[3]);
        long seed = Long.parseLong(args[4]);

        try (AckLog acks = AckLog.append(ackFile)) {
            Project project;
            if (Files.exists(projectDir.resolve(Project.STORE_FILE))) {
                acks.write("opening");
                project = Project.open(projectDir);
                acks.write("opened");
            } else {
                acks.write("creating");
                project = Project.create(projectDir, "crash harness");
                acks.write("created");
            }
            try (project) {
                new CrashWorkload(project, acks, sources, inputs, seed).runUntilKilled();
            }
        }
    }

    private void runUntilKilled() throws Exception {
        refreshIds();
        if (imageIds.isEmpty()) {
            importScenes();
        }
        engine = EngineJobs.open(project, inputs, 3);
        extract();
        while (true) {
            int dice = random.nextInt(100);
            if (dice < 8) {
                importCsv();
            } else if (dice < 38) {
                editOneCell();
            } else if (dice < 53) {
                editBatch();
            } else if (dice < 63) {
                undo();
            } else if (dice < 70) {
                redo();
            } else if (dice < 78) {
                decideOneSuggestion();
            } else if (dice < 83) {
                decideSuggestionBatch();
            } else if (dice < 90) {
                suggest();
            } else {
                trainRound();
            }
        }
    }

    private void importScenes() {
        acks.write("begin", "import");
        ImportSummary summary = new DatasetWriter(database).write(EngineJobs.scenes(inputs),
                new ImportOptions(ACTOR, false, new MissingLabelSimulation(0.4, seed)), ProgressReporter.NONE);
        acks.write("import", latestImportBatch(), summary.imagesAdded() + summary.imagesUpdated());
        refreshIds();
    }

    /** Extracts the features of every image that has a file and no cached features yet. */
    private void extract() throws IOException {
        acks.write("begin", "extract");
        ExtractionResult result = engine.extract();
        acks.write("extract", result.extracted(), result.alreadyCached());
    }

    /** Imports a new CSV of 150 to 400 images (image files absent), or re-imports an earlier one with changes. */
    private void importCsv() throws IOException {
        acks.write("begin", "import");
        int number = imports++;
        int images = 150 + random.nextInt(250);
        int categories = BASE_CATEGORIES + (random.nextInt(5) == 0 ? 1 : 0);
        StringBuilder csv = new StringBuilder("image");
        for (int c = 0; c < categories; c++) {
            csv.append(",c").append(c);
        }
        csv.append('\n');
        // A third of the imports name images an earlier import of this process named, so some are re-imports.
        String prefix = "s" + seed + "-" + (random.nextInt(3) == 0 && number > 0 ? random.nextInt(number) : number);
        for (int i = 0; i < images; i++) {
            csv.append(prefix).append("/img").append(i).append(".png");
            for (int c = 0; c < categories; c++) {
                int value = random.nextInt(3);
                csv.append(',').append(value == 0 ? "1" : value == 1 ? "-1" : "");
            }
            csv.append('\n');
        }
        Path file = sources.resolve("import-" + seed + "-" + number + ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        ParsedDataset dataset = DatasetReaders.forFormat("csv").read(file, sources.resolve("images"), null);
        ImportSummary summary = new DatasetWriter(database).write(dataset, ImportOptions.of(ACTOR),
                ProgressReporter.NONE);
        acks.write("import", latestImportBatch(), summary.imagesAdded() + summary.imagesUpdated());
        refreshIds();
    }

    private long latestImportBatch() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT max(id) FROM label_batch WHERE kind = 'import'");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    private void editOneCell() {
        acks.write("begin", "edit");
        CellChange change = randomChange();
        EditResult result = editor.setCell(change.imageId(), change.categoryId(), change.newState(), ACTOR, "edit");
        acknowledgeEdit(result, List.of(change));
    }

    private void editBatch() {
        acks.write("begin", "batch");
        List<CellChange> changes = new ArrayList<>();
        for (int i = 2 + random.nextInt(19); i > 0; i--) {
            changes.add(randomChange());
        }
        EditResult result = editor.applyChanges(changes, ACTOR, "batch edit");
        acknowledgeEdit(result, changes);
    }

    /**
     * Writes {@code edit BATCH CHANGED CELLS}: the cells changed and each requested cell as
     * {@code image:category:state}, the state the batch left it in.
     */
    private void acknowledgeEdit(EditResult result, List<CellChange> changes) {
        if (!result.recorded()) {
            return;
        }
        java.util.Map<String, String> lastState = new java.util.LinkedHashMap<>();
        for (CellChange change : changes) {
            lastState.put(change.imageId() + ":" + change.categoryId(), stateCode(change.newState()));
        }
        StringBuilder cells = new StringBuilder();
        lastState.forEach((cell, state) -> cells.append(cells.length() == 0 ? "" : ";").append(cell).append(':')
                .append(state));
        acks.write("edit", result.batchId(), result.changed(), cells);
    }

    private void undo() {
        acks.write("begin", "undo");
        Optional<EditResult> result = editor.undo(ACTOR);
        result.ifPresent(undo -> acks.write("undo", undo.batchId(), undo.changed()));
    }

    private void redo() {
        acks.write("begin", "redo");
        Optional<EditResult> result = editor.redo(ACTOR);
        result.ifPresent(redo -> acks.write("redo", redo.batchId(), redo.changed()));
    }

    private void decideOneSuggestion() {
        acks.write("begin", "decide");
        List<Suggestion> pending = database.read(connection ->
                new SuggestionRepository(connection).findPendingSuggestions(50));
        List<Suggestion> decidable = pending.stream()
                .filter(suggestion -> suggestion.proposedState() != org.regiontag.db.repo.ProposedState.NONE).toList();
        if (decidable.isEmpty()) {
            return;
        }
        Suggestion suggestion = decidable.get(random.nextInt(decidable.size()));
        boolean accept = random.nextBoolean();
        try {
            EditResult result = accept
                    ? editor.acceptSuggestion(suggestion.imageId(), suggestion.categoryId(), ACTOR)
                    : editor.rejectSuggestion(suggestion.imageId(), suggestion.categoryId(), ACTOR);
            acks.write("decide", result.batchId(), suggestion.id());
        } catch (UserInputException e) {
            // The cell's suggestion changed between the read and the decision; a person would see the new one.
            acks.write("declined", e.getMessage());
        }
    }

    private void decideSuggestionBatch() {
        acks.write("begin", "decide-batch");
        List<Suggestion> pending = database.read(connection ->
                new SuggestionRepository(connection).findPendingSuggestions(30));
        if (pending.isEmpty()) {
            return;
        }
        List<Long> ids = pending.stream().map(Suggestion::id).toList();
        EditResult result = editor.decideSuggestions(ids, random.nextBoolean(), ACTOR, "decide suggestions");
        if (result.recorded()) {
            acks.write("decide-batch", result.batchId(), result.changed());
        }
    }

    /** Runs the Suggest job; a zero-shot version it registers is acknowledged as a model version too. */
    private void suggest() {
        acks.write("begin", "suggest");
        SuggestResult result = engine.suggest();
        if (result.createdVersion()) {
            acknowledgeVersion(result.modelVersionId());
        }
        acks.write("suggest", result.modelVersionId(), result.stored());
    }

    /** Runs one FineTune round, which registers a version with its suggestions. */
    private void trainRound() throws Exception {
        acks.write("begin", "train");
        FineTuneResult result = engine.train();
        acknowledgeVersion(result.modelVersionId());
        acks.write("suggest", result.modelVersionId(), result.stored());
    }

    /** Writes {@code model VERSION WEIGHTS_FILE} for a version the job reported as registered. */
    private void acknowledgeVersion(long versionId) {
        ModelVersion row = ModelVersions.findAll(project).stream().filter(version -> version.id() == versionId)
                .findFirst().orElseThrow(() -> new IllegalStateException("the job reported model version "
                        + versionId + ", which the store does not have"));
        acks.write("model", versionId, row.weightsFile());
    }

    private CellChange randomChange() {
        int dice = random.nextInt(5);
        CellState state = dice < 2 ? CellState.POSITIVE : dice < 4 ? CellState.NEGATIVE : null;
        return new CellChange(imageIds.get(random.nextInt(imageIds.size())),
                categoryIds.get(random.nextInt(categoryIds.size())), state);
    }



    private void refreshIds() {
        imageIds.clear();
        categoryIds.clear();
        database.read(connection -> {
            readIds(connection.prepareStatement("SELECT id FROM image ORDER BY id"), imageIds);
            readIds(connection.prepareStatement("SELECT id FROM category ORDER BY id"), categoryIds);
            return null;
        });
    }

    private static void readIds(PreparedStatement select, List<Long> ids) throws java.sql.SQLException {
        try (select; ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
    }

    /** {@code p}, {@code n} or {@code u} (unknown). */
    static String stateCode(CellState state) {
        return state == null ? "u" : state == CellState.POSITIVE ? "p" : "n";
    }
}
