package org.regiontag.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiontag.db.Database;
import org.regiontag.db.Project;
import org.regiontag.db.edit.EditResult;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.io.CellState;
import org.regiontag.db.io.DatasetWriter;
import org.regiontag.db.io.ImportOptions;
import org.regiontag.db.io.MissingLabelSimulation;
import org.regiontag.db.io.ProgressReporter;
import org.regiontag.db.repo.StatisticsRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An annotator changes 10 labels a second through {@link LabelEditor}, as the application does,
 * while the engine runs its real {@code Suggest} job and {@code FineTune} rounds in a background
 * thread, on a project of generated scenes with a tiny CLIP checkpoint: no change may fail (no
 * busy error reaches the user) and every change must be in the store with its history.
 */
class ConcurrentWritesTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentWritesTest.class);

    @TempDir
    Path temp;

    @Test
    void annotatorKeepsEveryChangeWhileEngineWrites() throws Exception {
        runAnnotatorAgainstEngine(Duration.ofSeconds(5), false);
    }

    @Tag("slow")
    @Test
    void annotatorMinuteAgainstEngine() throws Exception {
        runAnnotatorAgainstEngine(Duration.ofMinutes(1), false);
    }

    /** The engine on its own connection to the file, as a command-line job beside the open application. */
    @Tag("slow")
    @Test
    void annotatorMinuteAgainstSecondConnection() throws Exception {
        runAnnotatorAgainstEngine(Duration.ofMinutes(1), true);
    }

    private void runAnnotatorAgainstEngine(Duration duration, boolean engineOnOwnConnection) throws Exception {
        Path inputs = temp.resolve("inputs");
        EngineJobs.writeInputs(inputs);
        try (Project project = Project.create(temp.resolve("project"), "concurrency", Clock.systemUTC());
                EngineJobs jobs = EngineJobs.open(project, inputs, 5)) {
            new DatasetWriter(project.database()).write(EngineJobs.scenes(inputs),
                    new ImportOptions("importer", false, new MissingLabelSimulation(0.4, 7)), ProgressReporter.NONE);
            jobs.extract();
            List<Long> imageIds = ids(project.database(), "SELECT id FROM image ORDER BY id");
            List<Long> categoryIds = ids(project.database(), "SELECT id FROM category ORDER BY id");
            int changes = (int) (duration.toMillis() / 100);
            List<long[]> annotatorCells = distinctCells(new Random(1), imageIds, categoryIds, changes);

            // The engine's own project handle opens a second connection pool on the file, as a
            // command-line job beside the open application does.
            Project engineProject = engineOnOwnConnection ? Project.open(project.folder()) : project;
            EngineJobs engineJobs = engineOnOwnConnection ? EngineJobs.open(engineProject, inputs, 5) : jobs;
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> engineErrors = new ConcurrentLinkedQueue<>();
            AtomicInteger engineCommits = new AtomicInteger();
            Thread engine = new Thread(() -> runEngine(engineProject, engineJobs, stop, engineErrors, engineCommits),
                    "engine-writer");

            List<EditResult> results = Collections.synchronizedList(new ArrayList<>());
            ConcurrentLinkedQueue<Throwable> annotatorErrors = new ConcurrentLinkedQueue<>();
            List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
            LabelEditor editor = new LabelEditor(project.database());
            CountDownLatch done = new CountDownLatch(changes);
            AtomicInteger next = new AtomicInteger();
            ScheduledExecutorService annotator = Executors.newSingleThreadScheduledExecutor();
            try {
                engine.start();
                annotator.scheduleAtFixedRate(() -> {
                    int index = next.getAndIncrement();
                    if (index >= changes) {
                        return;
                    }
                    long[] cell = annotatorCells.get(index);
                    long start = System.nanoTime();
                    try {
                        results.add(editor.setCell(cell[0], cell[1],
                                index % 2 == 0 ? CellState.POSITIVE : CellState.NEGATIVE, "annotator", "edit"));
                    } catch (RuntimeException e) {
                        annotatorErrors.add(e);
                    } finally {
                        latenciesMicros.add((System.nanoTime() - start) / 1000);
                        done.countDown();
                    }
                }, 0, 100, TimeUnit.MILLISECONDS);
                assertThat(done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)).as("the annotator finished").isTrue();
            } finally {
                annotator.shutdownNow();
                stop.set(true);
                engine.join();
                if (engineOnOwnConnection) {
                    engineJobs.close();
                    engineProject.close();
                }
            }

            List<Long> sorted = new ArrayList<>(latenciesMicros);
            Collections.sort(sorted);
            LOG.info("{} changes while the engine committed {} times{}: median {} µs, 99th percentile {} µs, max {} µs",
                    changes, engineCommits.get(), engineOnOwnConnection ? " on its own connection" : "",
                    sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)),
                    sorted.get(sorted.size() - 1));

            assertThat(annotatorErrors).as("errors the annotator saw").isEmpty();
            assertThat(engineErrors).as("errors of the engine's writes").isEmpty();
            assertThat(engineCommits.get()).as("engine commits during the annotation").isGreaterThan(2);
            assertThat(results).hasSize(changes);
            assertEveryChangeStored(project.database(), annotatorCells, results);
        }
    }

    /** Alternates Suggest runs and FineTune rounds (one round per three runs) until stopped. */
    private static void runEngine(Project project, EngineJobs jobs, AtomicBoolean stop,
            ConcurrentLinkedQueue<Throwable> errors, AtomicInteger commits) {
        try {
            for (int run = 1; !stop.get(); run++) {
                if (run % 3 == 0) {
                    jobs.train();
                } else {
                    jobs.suggest();
                }
                commits.incrementAndGet();
                // The application's reads go on meanwhile, on read connections.
                project.database().read(connection -> new StatisticsRepository(connection).computeStatistics());
            }
        } catch (Exception | Error e) {
            errors.add(e);
        }
    }

    private static void assertEveryChangeStored(Database database, List<long[]> cells, List<EditResult> results) {
        database.read(connection -> {
            for (int i = 0; i < results.size(); i++) {
                EditResult result = results.get(i);
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT e.image_id, e.category_id, e.new_state, l.state, b.kind FROM label_event e"
                                + " JOIN label_batch b ON b.id = e.batch_id"
                                + " JOIN label l ON l.image_id = e.image_id AND l.category_id = e.category_id"
                                + " WHERE e.batch_id = ?")) {
                    select.setLong(1, result.batchId());
                    try (ResultSet row = select.executeQuery()) {
                        assertThat(row.next()).as("event of change %d", i).isTrue();
                        long[] cell = new long[] {row.getLong(1), row.getLong(2)};
                        String newState = row.getString(3);
                        String labelState = row.getString(4);
                        String kind = row.getString(5);
                        assertThat(row.next()).as("one event for change %d", i).isFalse();
                        assertThat(kind).isEqualTo("edit");
                        assertThat(newState).isEqualTo(labelState);
                        assertThat(cell).as("cell of change %d", i).containsExactly(cells.get(i)[0], cells.get(i)[1]);
                    }
                }
            }
            return null;
        });
    }

    private static List<Long> ids(Database database, String sql) {
        return database.read(connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });
    }

    private static List<long[]> distinctCells(Random random, List<Long> imageIds, List<Long> categoryIds, int count) {
        List<long[]> all = new ArrayList<>();
        for (long image : imageIds) {
            for (long category : categoryIds) {
                all.add(new long[] {image, category});
            }
        }
        Collections.shuffle(all, random);
        return new ArrayList<>(all.subList(0, count));
    }
}
