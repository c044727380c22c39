package org.regiontag.db.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.db.io.export.ExportFormat;
import org.regiontag.db.io.export.ExportOptions;
import org.regiontag.db.io.export.ExportSummary;
import org.regiontag.db.io.export.LabelExporter;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelRepository;
import org.regiontag.db.repo.Statistics;
import org.regiontag.db.repo.StatisticsRepository;

/**
 * Measures the project store on a COCO-train-2017-sized label set: import through the dataset
 * writer against a plain sqlite-jdbc batch insert of the same label rows, export, single label
 * changes and statistics. Not a unit test: run it with the command in {@code docs/benchmarks.md}.
 *
 * <p>Arguments: {@code [WORK_DIR] [--runs N] [--instances-json FILE]}. The work folder (default: a
 * new temporary folder) receives the projects and exports; {@code --instances-json} also writes the
 * label set as a COCO instances file and exits.
 */
public final class StoreBenchmark {

    private static final int LABEL_CHANGES = 2_000;
    private static final int LABEL_CHANGE_WARMUP = 200;
    private static final int STATS_RUNS = 5;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = null;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--instances-json" -> {
                    CocoSizedLabelSet.generate().writeInstancesJson(Path.of(args[++i]));
                    return;
                }
                default -> work = Path.of(args[i]);
            }
        }
        if (work == null) {
            work = Files.createTempDirectory("regiontag-bench");
        }
        Files.createDirectories(work);

        print("java %s, %d processors, max heap %d MiB, work folder %s", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, work);
        CocoSizedLabelSet labelSet = CocoSizedLabelSet.generate();
        ParsedDataset dataset = labelSet.toParsedDataset(work.resolve("coco-images"));
        print("label set: %d images, %d categories, %d instances, %d positive cells", dataset.images().size(),
                dataset.categories().size(), CocoSizedLabelSet.INSTANCES, labelSet.positiveCells());

        double[] baseline = new double[runs];
        double[] imports = new double[runs];
        Path project = null;
        for (int run = 0; run < runs; run++) {
            double[] cpu = new double[2];
            long cpuStart = processCpuNanos();
            baseline[run] = plainBatchInsert(dataset, work.resolve("baseline-" + run + ".sqlite"));
            cpu[0] = (processCpuNanos() - cpuStart) / 1e9;
            project = work.resolve("project-" + run);
            cpuStart = processCpuNanos();
            imports[run] = importThroughWriter(dataset, project);
            cpu[1] = (processCpuNanos() - cpuStart) / 1e9;
            print("run %d: plain batch insert %.2f s, import %.2f s (ratio %.2f); process CPU %.2f s and %.2f s",
                    run + 1, baseline[run], imports[run], imports[run] / baseline[run], cpu[0], cpu[1]);
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

    /** Inserts the label rows the writer would write into a plain table of the same columns; returns seconds. */
    static double plainBatchInsert(ParsedDataset dataset, Path file) throws SQLException, IOException {
        Files.deleteIfExists(file);
        String now = "2024-01-01T00:00:00.000Z";
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file,
                SqlitePragma.connectionProperties())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE label (image_id INTEGER NOT NULL, category_id INTEGER NOT NULL,"
                        + " state TEXT NOT NULL, source TEXT NOT NULL, actor TEXT NOT NULL, updated_at TEXT NOT NULL,"
                        + " PRIMARY KEY (image_id, category_id)) WITHOUT ROWID");
            }
            long start = System.nanoTime();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO label (image_id, category_id, state, source, actor, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                long imageId = 0;
                for (DatasetImage image : dataset.images()) {
                    imageId++;
                    for (Map.Entry<Integer, CellState> cell : image.cells().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey()).toList()) {
                        insert.setLong(1, imageId);
                        insert.setLong(2, cell.getKey() + 1);
                        insert.setString(3, cell.getValue().storeName());
                        insert.setString(4, "imported");
                        insert.setString(5, "bench");
                        insert.setString(6, now);
                        insert.addBatch();
                        if (++pending == 10_000) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
            return seconds(start);
        }
    }

    static double importThroughWriter(ParsedDataset dataset, Path folder) throws IOException {
        deleteRecursively(folder);
        try (Project project = Project.create(folder, "bench", Clock.systemUTC())) {
            long start = System.nanoTime();
            long[] phaseStart = {start};
            String[] phase = {"probe"};
            ImportSummary summary = new DatasetWriter(project.database()).write(dataset, ImportOptions.of("bench"),
                    (name, done, total) -> {
                        if (!name.equals(phase[0])) {
                            print("  phase %s: %.2f s", phase[0], seconds(phaseStart[0]));
                            phase[0] = name;
                            phaseStart[0] = System.nanoTime();
                        }
                    });
            print("  phase %s: %.2f s", phase[0], seconds(phaseStart[0]));
            double elapsed = seconds(start);
            if (summary.labelsAdded() == 0) {
                throw new IllegalStateException("the import wrote no labels");
            }
            return elapsed;
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
            print("export %s: %.2f s (target <= 10 s), process CPU %.2f s; %d images, %d positive cells, %d MiB",
                    format.cliName(), elapsed, (processCpuNanos() - cpuStart) / 1e9, summary.images(),
                    summary.positive(), sizeOf(target) >> 20);
        }
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
        print("stats: median %.3f s, max %.3f s over %d runs (target <= 1 s), process CPU median %.3f s; %d images,"
                + " %d categories", median(times), Arrays.stream(times).max().orElseThrow(), STATS_RUNS, median(cpu),
                statistics.images(), statistics.categories().size());
    }

    static void measureLabelChanges(Project project) {
        LabelEditor editor = new LabelEditor(project.database());
        SplittableRandom random = new SplittableRandom(1);
        long images = CocoSizedLabelSet.IMAGES;
        List<Long> categories = project.database().read(connection -> {
            List<Long> ids = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    var rows = statement.executeQuery("SELECT id FROM category ORDER BY id")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });

        long[] nanos = new long[LABEL_CHANGES];
        long[] cpuNanos = new long[LABEL_CHANGES];
        var threads = ManagementFactory.getThreadMXBean();
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
        print("label change (row + history event, one transaction): p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d"
                + " changes (target p99 <= 5 ms); thread CPU p50 %.3f ms, p99 %.3f ms", nanos[LABEL_CHANGES / 2] / 1e6,
                nanos[p99] / 1e6, nanos[LABEL_CHANGES - 1] / 1e6, LABEL_CHANGES, cpuNanos[LABEL_CHANGES / 2] / 1e6,
                cpuNanos[p99] / 1e6);
    }

    /** CPU time of the whole process, which includes the writer's probing threads and garbage collection. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

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
