package org.regiontag.db.io;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.regiontag.db.Database;
import org.regiontag.db.StoreException;
import org.regiontag.db.UserInputException;
import org.regiontag.db.image.ImageInfo;
import org.regiontag.db.image.ImageProbe;
import org.regiontag.db.image.ImageStatus;
import org.regiontag.db.io.ImportSummary.ImageProblem;
import org.regiontag.db.repo.BatchKind;
import org.regiontag.db.repo.CellBulkInsert;
import org.regiontag.db.repo.Category;
import org.regiontag.db.repo.CategoryRepository;
import org.regiontag.db.repo.CompleteLabel;
import org.regiontag.db.repo.CompleteLabelRepository;
import org.regiontag.db.repo.DatasetRoot;
import org.regiontag.db.repo.DatasetRootRepository;
import org.regiontag.db.repo.ImageRecord;
import org.regiontag.db.repo.ImageRepository;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelBatchRepository;
import org.regiontag.db.repo.LabelEvent;
import org.regiontag.db.repo.LabelEventRepository;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.LabelSource;

/**
 * Writes a {@link ParsedDataset} to a project in one transaction: a failure leaves the project
 * exactly as it was.
 *
 * <p>What it does with the source:
 * <ul>
 *   <li>Image paths are resolved against the dataset root by {@link ImagePaths}; an entry whose path
 *       is empty, invalid or outside the root is skipped and listed in the summary.</li>
 *   <li>Every image file is probed (size, orientation, SHA-256); a missing or damaged file is stored
 *       with that status and its reason, listed in the summary, and the import goes on.</li>
 *   <li>Images are keyed by root and normalised path, categories by name, so importing the same
 *       source twice adds nothing. Entries of one source that name the same image, or categories
 *       with the same name, are merged; where their cells disagree, positive wins.</li>
 *   <li>An image without cells stays all-unknown, unless the source is declared exhaustive: then
 *       every unknown cell of the source's categories becomes negative.</li>
 *   <li>A re-import changes a cell only while its label is still {@code imported}; it never
 *       overwrites a person's decision, and it never clears a cell the source leaves unknown.</li>
 *   <li>With a missing-label simulation, all known cells go to the ground truth and only the drawn
 *       ones become working labels.</li>
 * </ul>
 * A label that changes from one value to another gets a history event in the import's batch; a cell
 * the import makes known for the first time is recorded by the label row itself (source
 * {@code imported} and the import's batch), which keeps a COCO-sized import from writing 9.4 million
 * events. Imports are not on the undo stack.
 */
public final class DatasetWriter {

    /** Rows per JDBC batch: large enough to amortise the call, small enough to bound memory. */
    private static final int ROWS_PER_BATCH = 10_000;
    /** Images probed between two progress reports. */
    private static final int PROBE_CHUNK = 512;
    private static final String REASON_REIMPORT = "re-import";

    private static final byte UNKNOWN = 0;
    private static final byte POSITIVE = 1;
    private static final byte NEGATIVE = 2;

    private final Database database;

    public DatasetWriter(Database database) {
        this.database = database;
    }

    /**
     * Imports the dataset.
     *
     * @throws IllegalArgumentException when the dataset refers to a category index it does not have
     *     (a reader defect)
     * @throws StoreException when the store fails; the project is then unchanged
     */
    public ImportSummary write(ParsedDataset dataset, ImportOptions options, ProgressReporter progress) {
        Path root = dataset.imageRoot().toAbsolutePath().normalize();
        List<String> notes = new ArrayList<>(dataset.notes());

        SourceCategories categories = SourceCategories.of(dataset.categories(), notes);
        ImagePaths.Resolution[] resolutions = new ImagePaths.Resolution[dataset.images().size()];
        ImageInfo[] probes = new ImageInfo[dataset.images().size()];
        resolveAndProbe(dataset.images(), root, resolutions, probes, progress);
        List<ImageProblem> skipped = new ArrayList<>();
        List<SourceImage> images = mergeImages(dataset, resolutions, probes, categories, skipped, notes);

        // Every key the import writes comes from a row that this transaction inserted or read (its
        // batch, root, categories and images), so the per-row foreign-key checks are skipped.
        return database.inBulkTransaction(connection ->
                new ImportTransaction(connection, dataset, root, options, categories, images, progress)
                        .run(skipped, notes));
    }

    /** Resolves every path and probes every file in parallel, before the transaction begins. */
    private static void resolveAndProbe(List<DatasetImage> images, Path root, ImagePaths.Resolution[] resolutions,
            ImageInfo[] probes, ProgressReporter progress) {
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        String notFound = Messages.format("import.noFile");
        try {
            for (int start = 0; start < images.size(); start += PROBE_CHUNK) {
                int from = start;
                int to = Math.min(images.size(), start + PROBE_CHUNK);
                pool.submit(() -> IntStream.range(from, to).parallel().forEach(i -> {
                    resolutions[i] = ImagePaths.resolve(root, images.get(i).path());
                    if (resolutions[i] instanceof ImagePaths.Inside inside) {
                        probes[i] = probe(inside.file(), notFound);
                    }
                })).get();
                progress.report("probe", to, images.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the import was interrupted while probing images", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("probing an image failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static ImageInfo probe(Path file, String notFound) {
        // java.io.File reports "no such file" without the exception that NIO builds for it, which made
        // up most of the time of importing labels whose images are not there (yet).
        if (!file.toFile().isFile()) {
            return new ImageInfo(ImageStatus.MISSING, 0, 0, 1, null, notFound);
        }
        return ImageProbe.probe(file);
    }

    /** Merges entries that name the same image, and turns cells into one byte per unique category. */
    private static List<SourceImage> mergeImages(ParsedDataset dataset, ImagePaths.Resolution[] resolutions,
            ImageInfo[] probes, SourceCategories categories, List<ImageProblem> skipped, List<String> notes) {
        Map<String, SourceImage> byPath = new LinkedHashMap<>(resolutions.length * 4 / 3 + 1);
        int repeated = 0;
        int conflicts = 0;
        for (int i = 0; i < resolutions.length; i++) {
            DatasetImage image = dataset.images().get(i);
            if (resolutions[i] instanceof ImagePaths.Rejected rejected) {
                skipped.add(new ImageProblem(image.path(), rejected.reason()));
                continue;
            }
            ImagePaths.Inside inside = (ImagePaths.Inside) resolutions[i];

            SourceImage target = byPath.get(inside.relativePath());
            if (target == null) {
                target = new SourceImage(image.path(), inside.relativePath(), image.split(),
                        Math.max(0, image.width()), Math.max(0, image.height()), new byte[categories.size()],
                        probes[i]);
                byPath.put(inside.relativePath(), target);
            } else {
                repeated++;
                if (target.split == null) {
                    target.split = image.split();
                }
            }
            if (image.cells() instanceof CellStates states) {
                // The compact form that large readers produce: no entry objects per cell.
                for (int index = 0; index < states.width(); index++) {
                    CellState state = states.stateAt(index);
                    if (state != null) {
                        conflicts += mergeCell(target, categories.uniqueIndexOf(index, image.path()), state);
                    }
                }
            } else {
                for (Map.Entry<Integer, CellState> cell : image.cells().entrySet()) {
                    conflicts += mergeCell(target, categories.uniqueIndexOf(cell.getKey(), image.path()),
                            cell.getValue());
                }
            }
        }
        if (repeated > 0) {
            notes.add(Messages.format("import.repeatedImages", repeated, conflicts));
        }
        return new ArrayList<>(byPath.values());
    }

    /** Sets a cell of a merged image; returns 1 when it had the other known state (positive then wins), else 0. */
    private static int mergeCell(SourceImage target, int unique, CellState state) {
        byte value = state == CellState.POSITIVE ? POSITIVE : NEGATIVE;
        byte previous = target.cells[unique];
        int conflict = 0;
        if (previous != UNKNOWN && previous != value) {
            conflict = 1;
            value = POSITIVE;
        }
        target.cells[unique] = value;
        return conflict;
    }

    /** An image of the source after path resolution and merging, with its cells by unique category. */
    private static final class SourceImage {
        final String sourcePath;
        final String relativePath;
        Split split;
        final int statedWidth;
        final int statedHeight;
        final byte[] cells;
        final ImageInfo info;
        long id;
        /** Whether the project had the image before this import. */
        boolean existed;

        SourceImage(String sourcePath, String relativePath, Split split, int statedWidth, int statedHeight,
                byte[] cells, ImageInfo info) {
            this.sourcePath = sourcePath;
            this.relativePath = relativePath;
            this.split = split;
            this.statedWidth = statedWidth;
            this.statedHeight = statedHeight;
            this.cells = cells;
            this.info = info;
        }
    }

    /** The source's categories with equal names merged. */
    private record SourceCategories(List<DatasetCategory> unique, int[] uniqueIndexBySourceIndex) {

        static SourceCategories of(List<DatasetCategory> categories, List<String> notes) {
            Map<String, Integer> indexByName = new HashMap<>();
            List<DatasetCategory> unique = new ArrayList<>();
            int[] map = new int[categories.size()];
            int merged = 0;
            for (int i = 0; i < categories.size(); i++) {
                DatasetCategory category = categories.get(i);
                String name = category.name() == null ? "" : category.name().strip();
                if (name.isEmpty()) {
                    throw new UserInputException(Messages.format("import.blankCategory", i + 1));
                }
                Integer existing = indexByName.get(name);
                if (existing == null) {
                    indexByName.put(name, unique.size());
                    map[i] = unique.size();
                    unique.add(new DatasetCategory(name, category.originalId()));
                } else {
                    map[i] = existing;
                    merged++;
                }
            }
            if (merged > 0) {
                notes.add(Messages.format("import.mergedCategories", merged));
            }
            return new SourceCategories(unique, map);
        }

        int size() {
            return unique.size();
        }

        int uniqueIndexOf(int sourceIndex, String imagePath) {
            if (sourceIndex < 0 || sourceIndex >= uniqueIndexBySourceIndex.length) {
                throw new IllegalArgumentException("image '" + imagePath + "' has a cell for category index "
                        + sourceIndex + ", but the source has " + uniqueIndexBySourceIndex.length + " categories");
            }
            return uniqueIndexBySourceIndex[sourceIndex];
        }
    }

    /** The writes of one import, inside its transaction. */
    private final class ImportTransaction {

        private final Connection connection;
        private final ParsedDataset dataset;
        private final Path root;
        private final ImportOptions options;
        private final SourceCategories categories;
        private final List<SourceImage> images;
        private final ProgressReporter progress;
        private final String now;

        private long batchId;
        private long[] categoryIds;
        private final List<String> categoriesAdded = new ArrayList<>();
        private int imagesAdded;
        private int imagesUpdated;
        private long labelsAdded;
        private long labelsChanged;
        private long labelsUnchanged;
        private long labelsKeptAsDecided;
        private long cellsHidden;
        private long completeLabels;

        ImportTransaction(Connection connection, ParsedDataset dataset, Path root, ImportOptions options,
                SourceCategories categories, List<SourceImage> images, ProgressReporter progress) {
            this.connection = connection;
            this.dataset = dataset;
            this.root = root;
            this.options = options;
            this.categories = categories;
            this.images = images;
            this.progress = progress;
            this.now = database.now();
        }

        ImportSummary run(List<ImageProblem> skipped, List<String> notes) throws SQLException {
            batchId = new LabelBatchRepository(connection).insertBatch(BatchKind.IMPORT,
                    Messages.format("import.description", dataset.format(), dataset.source()), options.actor(), now,
                    null);
            progress.report("images", 0, images.size());
            long rootId = writeRoot();
            writeCategories();
            writeImages(rootId);
            progress.report("labels", 0, images.size());
            writeLabels();

            List<ImageProblem> missing = new ArrayList<>();
            List<ImageProblem> damaged = new ArrayList<>();
            for (SourceImage image : images) {
                if (image.info.status() == ImageStatus.MISSING) {
                    missing.add(new ImageProblem(image.sourcePath, image.info.reason()));
                } else if (image.info.status() == ImageStatus.DAMAGED) {
                    damaged.add(new ImageProblem(image.sourcePath, image.info.reason()));
                }
            }
            return new ImportSummary(dataset.format(), dataset.source(), root, imagesAdded, imagesUpdated,
                    categoriesAdded, labelsAdded, labelsChanged, labelsUnchanged, labelsKeptAsDecided, cellsHidden,
                    completeLabels, missing, damaged, skipped, notes);
        }

        private long writeRoot() throws SQLException {
            DatasetRootRepository roots = new DatasetRootRepository(connection);
            DatasetRoot existing = roots.findRootByPath(root).orElse(null);
            if (existing == null) {
                return roots.insertRoot(root, options.exhaustive(), now);
            }
            if (options.exhaustive() && !existing.exhaustive()) {
                roots.updateRootExhaustive(existing.id(), true);
            }
            return existing.id();
        }

        private void writeCategories() throws SQLException {
            CategoryRepository repository = new CategoryRepository(connection);
            categoryIds = new long[categories.size()];
            for (int i = 0; i < categories.size(); i++) {
                DatasetCategory category = categories.unique().get(i);
                Category stored = repository.findCategoryByName(category.name()).orElse(null);
                if (stored == null) {
                    stored = repository.insertCategory(category.name(), category.originalId());
                    categoriesAdded.add(category.name());
                }
                categoryIds[i] = stored.id();
            }
        }

        /** Inserts new images and refreshes known ones. */
        private void writeImages(long rootId) throws SQLException {
            ImageRepository repository = new ImageRepository(connection);
            List<ImageRecord> stored = repository.findImagesByRoot(rootId);
            Map<String, ImageRecord> existing = new HashMap<>(stored.size() * 4 / 3 + 1);
            for (ImageRecord record : stored) {
                existing.put(record.path(), record);
            }

            long nextId = repository.findMaxImageId() + 1;
            List<ImageRecord> inserts = new ArrayList<>();
            List<ImageRecord> updates = new ArrayList<>();
            for (SourceImage image : images) {
                ImageRecord known = existing.get(image.relativePath);
                if (known == null) {
                    image.id = nextId++;
                    inserts.add(record(image, rootId, image.split != null ? image.split : Split.TRAIN));
                    imagesAdded++;
                } else {
                    image.id = known.id();
                    image.existed = true;
                    updates.add(record(image, rootId, image.split != null ? image.split : known.split()));
                    imagesUpdated++;
                }
                if (inserts.size() == ROWS_PER_BATCH) {
                    repository.insertImages(inserts);
                    inserts.clear();
                }
                if (updates.size() == ROWS_PER_BATCH) {
                    repository.updateImages(updates);
                    updates.clear();
                }
            }
            repository.insertImages(inserts);
            repository.updateImages(updates);
        }

        private ImageRecord record(SourceImage image, long rootId, Split split) {
            ImageInfo info = image.info;
            boolean decoded = info.status() == ImageStatus.OK || info.width() > 0;
            int width = decoded ? info.width() : image.statedWidth;
            int height = decoded ? info.height() : image.statedHeight;
            return new ImageRecord(image.id, rootId, image.relativePath, width, height, info.sha256(),
                    info.orientation(), split, info.status(), info.status() == ImageStatus.OK ? null : info.reason());
        }

        /**
         * Writes the cells. A new image has no labels yet, so its cells go through a bulk insert; an
         * image already in the project is compared cell by cell with its labels.
         */
        private void writeLabels() throws SQLException {
            LabelRepository labels = new LabelRepository(connection);
            CompleteLabelRepository complete = new CompleteLabelRepository(connection);
            MissingLabelSimulation simulation = options.simulation();
            long[] categoryKeys = new long[categories.size()];
            for (int i = 0; i < categoryKeys.length; i++) {
                categoryKeys[i] = MissingLabelSimulation.categoryKey(categories.unique().get(i).name());
            }
            CellState[] working = new CellState[categories.size()];
            CellState[] truth = new CellState[categories.size()];
            ExistingImageCells existingCells = new ExistingImageCells(labels, complete);

            try (CellBulkInsert newLabels = labels.startBulkInsert(categoryIds, LabelSource.IMPORTED, batchId);
                    CellBulkInsert newTruth = simulation == null ? null : complete.startBulkInsert(categoryIds)) {
                int done = 0;
                for (SourceImage image : images) {
                    long imageKey = simulation == null ? 0 : simulation.imageKey(image.relativePath);
                    for (int i = 0; i < working.length; i++) {
                        byte value = image.cells[i];
                        if (value == UNKNOWN && options.exhaustive()) {
                            value = NEGATIVE;
                        }
                        CellState state = value == UNKNOWN ? null
                                : value == POSITIVE ? CellState.POSITIVE : CellState.NEGATIVE;
                        truth[i] = state;
                        working[i] = state;
                        if (state != null && simulation != null) {
                            completeLabels++;
                            if (!simulation.keeps(imageKey, categoryKeys[i])) {
                                working[i] = null;
                                cellsHidden++;
                            }
                        }
                    }

                    if (image.existed) {
                        existingCells.write(image.id, working, simulation == null ? null : truth);
                    } else {
                        long before = newLabels.rows();
                        newLabels.insert(image.id, working);
                        labelsAdded += newLabels.rows() - before;
                        if (newTruth != null) {
                            newTruth.insert(image.id, truth);
                        }
                    }
                    if (++done % PROBE_CHUNK == 0) {
                        progress.report("labels", done, images.size());
                    }
                }
            }
            existingCells.flush();
            progress.report("labels", images.size(), images.size());
        }

        /** The cell-by-cell writes for images that were already in the project, collected into batches. */
        private final class ExistingImageCells {

            private final LabelRepository labels;
            private final CompleteLabelRepository complete;
            private final LabelEventRepository events;
            private final List<Label> inserts = new ArrayList<>();
            private final List<Label> updates = new ArrayList<>();
            private final List<LabelEvent> newEvents = new ArrayList<>();
            private final List<CompleteLabel> completes = new ArrayList<>();

            ExistingImageCells(LabelRepository labels, CompleteLabelRepository complete) {
                this.labels = labels;
                this.complete = complete;
                this.events = new LabelEventRepository(connection);
            }

            /** Compares one image's cells with its labels; {@code truth} is null without a simulation. */
            void write(long imageId, CellState[] working, CellState[] truth) throws SQLException {
                Map<Long, Label> current = new HashMap<>();
                for (Label label : labels.findLabelsByImage(imageId)) {
                    current.put(label.categoryId(), label);
                }
                for (int i = 0; i < working.length; i++) {
                    if (truth != null && truth[i] != null) {
                        completes.add(new CompleteLabel(imageId, categoryIds[i], truth[i]));
                    }
                    if (working[i] != null) {
                        writeCell(imageId, categoryIds[i], working[i], current.get(categoryIds[i]));
                    }
                }
                if (inserts.size() + updates.size() + completes.size() >= ROWS_PER_BATCH) {
                    flush();
                }
            }

            private void writeCell(long imageId, long categoryId, CellState state, Label current) {
                if (current == null) {
                    inserts.add(new Label(imageId, categoryId, state, LabelSource.IMPORTED, batchId));
                    labelsAdded++;
                } else if (current.state() == state) {
                    labelsUnchanged++;
                } else if (current.source().isHumanDecision()) {
                    labelsKeptAsDecided++;
                } else {
                    updates.add(new Label(imageId, categoryId, state, LabelSource.IMPORTED, batchId));
                    newEvents.add(LabelEvent.between(batchId, imageId, categoryId, current, state,
                            LabelSource.IMPORTED, null, options.actor(), REASON_REIMPORT, now));
                    labelsChanged++;
                }
            }

            void flush() throws SQLException {
                labels.insertLabels(inserts);
                labels.updateLabels(updates);
                events.insertLabelEvents(newEvents);
                complete.upsertCompleteLabels(completes);
                inserts.clear();
                updates.clear();
                newEvents.clear();
                completes.clear();
            }
        }
    }
}
