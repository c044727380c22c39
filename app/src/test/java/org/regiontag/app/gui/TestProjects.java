package org.regiontag.app.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.regiontag.db.Project;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetCategory;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.MissingLabelSimulation;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.db.io.Split;
import org.regiontag.db.io.formats.DatasetReaders;
import org.regiontag.db.repo.CompleteLabel;
import org.regiontag.db.repo.CompleteLabelRepository;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.ModelVersionRepository;
import org.regiontag.db.repo.ProposedState;
import org.regiontag.db.repo.SuggestionDraft;
import org.regiontag.db.repo.SuggestionRepository;
import org.regiontag.engine.demo.DemoDataset;

/**
 * Real projects for the application's tests: generated demo scenes imported through the store's
 * CSV reader and writer with half the labels hidden, and suggestions and model versions written
 * through the repositories, as the engine writes them.
 */
public final class TestProjects {

    /** The actor the fixture's imports are recorded with. */
    public static final String IMPORTER = "importer";
    /** The seed of the missing-label simulation; fixed so that every run hides the same cells. */
    public static final long SIMULATION_SEED = 7;
    /** Categories of {@link #labelsOnlyProject}: as many as a typical multi-label benchmark (VOC has 20). */
    public static final int SYNTHETIC_CATEGORIES = 20;

    private TestProjects() {
    }

    /**
     * Writes {@code images} demo scenes of {@code side} pixels into {@code temp/scenes}, creates a
     * project in {@code temp/project} and imports them with half of the labels kept.
     */
    public static Project demoProject(Path temp, int images, int side) {
        Path scenes = temp.resolve("scenes");
        DemoDataset.write(scenes, images, 0, 11, side);
        Project project = Project.create(temp.resolve("project"), "test project");
        ParsedDataset dataset = DatasetReaders.forFormat("csv").read(scenes.resolve("train.csv"), scenes, Split.TRAIN);
        new DatasetWriter(project.database()).write(dataset,
                new ImportOptions(IMPORTER, false, new MissingLabelSimulation(0.5, SIMULATION_SEED)),
                ProgressReporter.NONE);
        return project;
    }

    /**
     * Creates a project in {@code temp/project} with {@code images} images whose files do not exist
     * (every image is missing) and {@value #SYNTHETIC_CATEGORIES} categories, each cell positive with
     * probability 0.15 and otherwise negative, half of the labels kept: a large project made in
     * seconds, with the label counts of a real one.
     */
    public static Project labelsOnlyProject(Path temp, int images) {
        Project project = Project.create(temp.resolve("project"), "labels only");
        List<DatasetCategory> categories = new ArrayList<>();
        for (int c = 0; c < SYNTHETIC_CATEGORIES; c++) {
            categories.add(new DatasetCategory("category-" + c, String.valueOf(c)));
        }
        List<DatasetImage> entries = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            Map<Integer, CellState> cells = new HashMap<>();
            for (int c = 0; c < SYNTHETIC_CATEGORIES; c++) {
                cells.put(c, fraction((long) i * SYNTHETIC_CATEGORIES + c) < 0.15 ? CellState.POSITIVE
                        : CellState.NEGATIVE);
            }
            entries.add(new DatasetImage(String.format("images/%03d/%08d.jpg", i / 1000, i), Split.TRAIN, cells, 0, 0));
        }
        ParsedDataset dataset = new ParsedDataset("synthetic", temp.resolve("labels"), temp.resolve("images"),
                categories, entries, List.of());
        new DatasetWriter(project.database()).write(dataset,
                new ImportOptions(IMPORTER, false, new MissingLabelSimulation(0.5, SIMULATION_SEED)),
                ProgressReporter.NONE);
        return project;
    }

    /** Inserts a model version as a training round does and returns its id. */
    public static long insertModelVersion(Project project, Long parent, String backbone, String metrics) {
        return project.database().inTransaction(connection -> new ModelVersionRepository(connection)
                .insertModelVersion(parent, backbone, "{\"steps\": 10}", metrics, "v.safetensors",
                        project.database().now()));
    }

    /**
     * Suggests every unknown cell from the ground truth, as a good model would: a positive cell gets
     * a probability in [0.75, 0.95), a negative one in [0.05, 0.25), so all of them are confident at
     * 0.75. The informativeness is highest near 0.5.
     *
     * @return how many suggestions were stored
     */
    public static int suggestFromGroundTruth(Project project, long version) {
        return project.database().inTransaction(connection -> {
            Map<List<Long>, CellState> truth = new HashMap<>();
            new CompleteLabelRepository(connection).forEachCompleteLabel((CompleteLabel label) ->
                    truth.put(List.of(label.imageId(), label.categoryId()), label.state()));
            Map<List<Long>, Label> known = new HashMap<>();
            new LabelRepository(connection).forEachLabel(label ->
                    known.put(List.of(label.imageId(), label.categoryId()), label));

            List<SuggestionDraft> drafts = new ArrayList<>();
            for (Map.Entry<List<Long>, CellState> cell : truth.entrySet()) {
                if (known.containsKey(cell.getKey())) {
                    continue;
                }
                long imageId = cell.getKey().get(0);
                long categoryId = cell.getKey().get(1);
                double jitter = fraction(imageId * 31 + categoryId) * 0.2;
                boolean positive = cell.getValue() == CellState.POSITIVE;
                double probability = positive ? 0.75 + jitter : 0.05 + jitter;
                drafts.add(new SuggestionDraft(imageId, categoryId, probability, 0.3, 0.2,
                        positive ? ProposedState.POSITIVE : ProposedState.NEGATIVE,
                        1 - Math.abs(2 * probability - 1), false));
            }
            return new SuggestionRepository(connection).replaceSuggestionsForVersion(version, drafts,
                    project.database().now());
        });
    }

    /** A deterministic value in [0, 1) from a key. */
    static double fraction(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        mixed ^= mixed >>> 31;
        return (mixed >>> 11) * 0x1.0p-53;
    }
}
