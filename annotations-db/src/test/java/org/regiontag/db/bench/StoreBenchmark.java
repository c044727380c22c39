package org.regiontag.db.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.regiontag.db.Project;
import org.regiontag.db.SqlitePragma;
import org.regiontag.db.edit.EditResult;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetImage;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.ImportSummary;
import org.regiontag.db.io.ParsedDataset;
import org.regiontag.db.io.coco.CocoReader;
import org.regiontag.db.io.export.ExportFormat;
import org.regiontag.db.io.export.ExportOptions;
import org.regiontag.db.io.export.ExportSummary;
import org.regiontag.db.io.export.LabelExporter;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.Statistics;
import org.regiontag.db.repo.StatisticsRepository;

/**
 * Measures the project store on a COCO-train-2017-sized instances file from
 * {@link CocoFileGenerator}: the import through the real reader and writer (the Java calls of
 * {@code regiontag import --format coco}, timed from reading the JSON to the commit) against a
 * plain sqlite-jdbc batch insert of the same label rows in the same run, then exports, statistics,
 * single label changes and the peak heap. Not a unit test: run it with the command in
 * {@code docs/benchmarks.md}.
 *
 * <p>Arguments: {@code [WORK_DIR] [--coco FILE] [--runs N]}. The work folder (default
 * {@code target/bench-work}) receives the projects and exports; without {@code --coco} the
 * instances file is generated there once. The images do not exist, so every image is imported as
 * missing after a file check.
 *
 * <p>Each time comes with the process's CPU time (all threads, garbage collection included) and
 * the one-minute load average, because on a shared machine a thread often waits for a core.
 */
public final class StoreBenchmark {

    private static final int LABEL_CHANGES = 2_000;
    private static final int LABEL_CHANGE_WARMUP = 200;
    private static final int STATS_RUNS = 5;
    private static final int BASELINE_ROWS_PER_BATCH = 10_000;
    /** The batch id of the only import of a fresh project, which its label rows carry. */
    private static final long IMPORT_BATCH_ID = 1;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of("target/bench-work");
        Path coco = null;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--coco" -> coco = Path.of(args[++i]);
                default -> work = Path.of(args[i]);
            }
        }
        Files.createDirectories(work);
        if (coco == null) {
            coco = work.resolve("coco/annotations/instances_train2017.json");
            if (!Files.exists(coco)) {
                Files.createDirectories(coco.getParent());
                CocoFileGenerator.write(coco);
            }
        }
        Path images = Files.createDirectories(work.resolve("coco/train2017"));

        print("java %s, %d processors, max heap %d MiB, work folder %s; instances file %s (%d bytes)",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, work, coco, Files.size(coco));

        double[] baseline = new double[runs];
        double[] imports = new double[runs];
        Path project = null;
        for (int run = 0; run < runs; run++) {
            Path baselineFile = work.resolve("baseline.sqlite");
            double[] baselineCpu = {0};
            baseline[run] = plainBatchInsert(new CocoReader().read(coco, images, null), baselineFile, baselineCpu);
            print("run %d: plain batch insert %.2f s (process CPU %.2f s, load %.1f)", run + 1, baseline[run],
                    baselineCpu[0], load());

            project = work.resolve("project");
            imports[run] = importThroughReaderAndWriter(coco, images, project);
            print("run %d: import %.2f s; ratio to the plain insert %.2f", run + 1, imports[run],
                    imports[run] / baseline[run]);
            checkSameRows(baselineFile, project.resolve(Project.STORE_FILE));
        }
        double[] ratios = new double[runs];
        for (int run = 0; run < runs; run++) {
            ratios[run] = imports[run] / baseline[run];
        }
        print("import: median %.2f s (target <= 15 s); plain insert median %.2f s; median ratio within a run %.2f,"
                + " ratio of medians %.2f (target <= 2)", median(imports), median(baseline), median(ratios),
                median(imports) / median(baseline));

        try (Project opened = Project.open(project)) {
            measureExports(opened, work.resolve("exports"));
            measureStats(opened);
            measureLabelChanges(opened);
        }
        print("peak heap: %d MiB (target <= 1024 MiB)", peakHeapBytes() >> 20);
    }

    /**
     * Inserts the label rows that the import writes into a fresh file, and returns the seconds the
     * insert took. The rows have the same columns and values: image ids 1 to n and category ids 1
     * to 80 in file order, as a fresh project numbers them. The insert uses one prepared statement,
     * batches of 10,000 rows, one transaction and the store's pragmas, into a table with the same
     * primary key but no other constraint.
     */
    static double plainBatchInsert(ParsedDataset dataset, Path file, double[] cpuSeconds)
            throws SQLException, IOException {
        deleteStore(file);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file,
                SqlitePragma.connectionProperties())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE label (image_id INTEGER NOT NULL, category_id INTEGER NOT NULL,"
                        + " state TEXT NOT NULL, source TEXT NOT NULL, batch_id INTEGER NOT NULL,"
                        + " PRIMARY KEY (image_id, category_id)) WITHOUT ROWID");
            }
            int categories = dataset.categories().size();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO label (image_id, category_id, state, source, batch_id) VALUES (?, ?, ?, ?, ?)")) {
                int pending = 0;
                long imageId = 0;
                for (DatasetImage image : dataset.images()) {
                    imageId++;
                    for (int category = 0; category < categories; category++) {
                        CellState state = image.cells().get(category);
                        if (state == null) {
                            continue;
                        }
                        insert.setLong(1, imageId);
                        insert.setLong(2, category + 1L);
                        insert.setString(3, state.storeName());
                        insert.setString(4, "imported");
                        insert.setLong(5, IMPORT_BATCH_ID);
                        insert.addBatch();
                        if (++pending == BASELINE_ROWS_PER_BATCH) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
            double elapsed = seconds(start);
            cpuSeconds[0] = (processCpuNanos() - cpuStart) / 1e9;
            return elapsed;
        }
    }

    /** Imports the instances file into a new project as {@code regiontag import --format coco} does; returns seconds. */
    static double importThroughReaderAndWriter(Path coco, Path images, Path folder) throws IOException {
        deleteRecursively(folder);
        try (Project project = Project.create(folder, "bench", Clock.systemUTC())) {
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            ParsedDataset dataset = new CocoReader().read(coco, images, null);
            print("  read the JSON: %.2f s, process CPU %.2f s, load %.1f", seconds(start),
                    (processCpuNanos() - cpuStart) / 1e9, load());

            long[] phaseStart = {System.nanoTime(), processCpuNanos()};
            String[] phase = {"probe"};
            ImportSummary summary = new DatasetWriter(project.database()).write(dataset, ImportOptions.of("bench"),
                    (name, done, total) -> {
                        if (!name.equals(phase[0])) {
                            printPhase(phase[0], phaseStart);
                            phase[0] = name;
                            phaseStart[0] = System.nanoTime();
                            phaseStart[1] = processCpuNanos();
                        }
                    });
            printPhase(phase[0], phaseStart);
            double elapsed = seconds(start);
            print("  import from reading to commit: %.2f s, process CPU %.2f s; %d images, %d labels", elapsed,
                    (processCpuNanos() - cpuStart) / 1e9, summary.imagesAdded(), summary.labelsAdded());
            if (summary.labelsAdded() == 0) {
                throw new IllegalStateException("the import wrote no labels");
            }
            return elapsed;
        }
    }

    private static void printPhase(String name, long[] start) {
        print("  phase %s: %.2f s, process CPU %.2f s", name, seconds(start[0]), (processCpuNanos() - start[1]) / 1e9);
    }

    /** Checks that the plain insert wrote exactly the label rows of the import, by count and checksum. */
    static void checkSameRows(Path baselineFile, Path storeFile) throws SQLException {
        String sql = "SELECT count(*), sum(state = 'positive'), sum(image_id * 100003 + category_id * 7"
                + " + (state = 'positive') * 3 + (source = 'imported') + batch_id * 11) FROM label";
        String baselineSums = query(baselineFile, sql);
        String storeSums = query(storeFile, sql);
        if (!baselineSums.equals(storeSums)) {
            throw new IllegalStateException("the plain insert wrote other rows than the import: " + baselineSums
                    + " against " + storeSums);
        }
        print("  same rows in both (count, positives, checksum): %s", storeSums);
    }

    private static String query(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1) + " " + row.getLong(2) + " " + row.getLong(3);
        }
    }

    static void measureExports(Project project, Path folder) throws IOException {
        LabelExporter exporter = new LabelExporter(project.database(), project.name());
        for (ExportFormat format : ExportFormat.values()) {
            Path target = folder.resolve(format.defaultTarget());
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            ExportSummary summary = exporter.export(format, target, new ExportOptions(false));
            double elapsed = seconds(start);
            print("export %s: %.2f s (target <= 10 s), process CPU %.2f s, load %.1f; %d images, %d positive and"
                    + " %d negative cells, %d MiB", format.cliName(), elapsed, (processCpuNanos() - cpuStart) / 1e9,
                    load(), summary.images(), summary.positive(), summary.negative(), sizeOf(target) >> 20);
        }
    }

    static void measureStats(Project project) {
        double[] times = new double[STATS_RUNS];
        double[] cpu = new double[STATS_RUNS];
        Statistics statistics = null;
        for (int i = 0; i < STATS_RUNS; i++) {
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            statistics = project.database().read(connection -> new StatisticsRepository(connection)
                    .computeStatistics());
            times[i] = seconds(start);
            cpu[i] = (processCpuNanos() - cpuStart) / 1e9;
        }
        print("stats: median %.4f s, max %.4f s over %d runs (target <= 1 s), process CPU median %.4f s, load %.1f;"
                + " %d images, %d categories, first %s", median(times), Arrays.stream(times).max().orElseThrow(),
                STATS_RUNS, median(cpu), load(), statistics.images(), statistics.categories().size(),
                statistics.categories().get(0));
    }

    static void measureLabelChanges(Project project) {
        LabelEditor editor = new LabelEditor(project.database());
        SplittableRandom random = new SplittableRandom(1);
        List<Long> categories = ids(project, "SELECT id FROM category ORDER BY id");
        long images = ids(project, "SELECT max(id) FROM image").get(0);

        long[] nanos = new long[LABEL_CHANGES];
        long[] cpuNanos = new long[LABEL_CHANGES];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double loadBefore = load();
        for (int i = -LABEL_CHANGE_WARMUP; i < LABEL_CHANGES; i++) {
            long image = 1 + random.nextLong(images);
            long category = categories.get(random.nextInt(categories.size()));
            // The opposite of the current value, so that every call changes the cell and records an event.
            Label current = project.database().read(connection -> new LabelRepository(connection)
                    .findLabel(image, category).orElse(null));
            CellState state = current != null && current.state() == CellState.POSITIVE
                    ? CellState.NEGATIVE : CellState.POSITIVE;
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            EditResult result = editor.setCell(image, category, state, "bench", "benchmark change");
            if (!result.recorded()) {
                throw new IllegalStateException("a benchmark change changed nothing");
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
                cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpuStart;
            }
        }

        Arrays.sort(nanos);
        Arrays.sort(cpuNanos);
        int p99 = (int) Math.ceil(LABEL_CHANGES * 0.99) - 1;
        print("label change (row, counts and history event, one transaction): p50 %.3f ms, p99 %.3f ms, max %.3f ms"
                + " over %d changes (target p99 <= 5 ms); thread CPU p50 %.3f ms, p99 %.3f ms; load %.1f to %.1f",
                nanos[LABEL_CHANGES / 2] / 1e6, nanos[p99] / 1e6, nanos[LABEL_CHANGES - 1] / 1e6, LABEL_CHANGES,
                cpuNanos[LABEL_CHANGES / 2] / 1e6, cpuNanos[p99] / 1e6, loadBefore, load());
    }

    private static List<Long> ids(Project project, String sql) {
        return project.database().read(connection -> {
            List<Long> ids = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });
    }

    static long sizeOf(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            long bytes = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(file);
            }
            return bytes;
        }
    }

    /** CPU time of the whole process, which includes the writer's probing threads and garbage collection. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Returns the system's one-minute load average: the mean number of threads running or waiting for a core. */
    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Sums the peak use of each heap pool: an upper bound of the peak heap, since pools may peak at different times. */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void deleteStore(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + "-wal"));
        Files.deleteIfExists(Path.of(file + "-shm"));
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @SuppressWarnings("java:S106") // a benchmark's report goes to standard output
    static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
