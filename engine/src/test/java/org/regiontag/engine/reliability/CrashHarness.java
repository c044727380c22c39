package org.regiontag.engine.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.regiontag.engine.Djl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a {@link CrashWorkload} child process with SIGKILL at random moments, again and again, and
 * after every kill checks the project with {@link StoreInvariants}.
 *
 * <p>Work is split into series: each series starts a new project, whose first child creates it (so
 * some kills land while the store is being created and migrated), and goes on for
 * {@link Config#killsPerSeries()} kills on the same project, so acknowledged commits from every
 * earlier run of the series are checked again after each later kill.
 *
 * <p>Acknowledgement file lines, written by the child: {@code creating}, {@code created},
 * {@code opening}, {@code opened}; {@code begin STEP} before each step; after a commit,
 * {@code import BATCH IMAGES}, {@code extract EXTRACTED CACHED}, {@code edit BATCH CHANGED CELLS},
 * {@code undo BATCH CHANGED}, {@code redo BATCH CHANGED}, {@code decide BATCH SUGGESTION},
 * {@code decide-batch BATCH CHANGED}, {@code suggest VERSION STORED}, {@code model VERSION FILE}.
 *
 * <p>The generated scenes and the tiny checkpoint that every child's engine jobs use are written
 * once, under {@code inputs/} of the work folder, before the first child starts.
 *
 * <p>Run it with {@code --kills N [--seed S] [--work DIR] [--max-delay-ms M] [--kills-per-series K]};
 * it writes {@code report.txt} into the work folder and exits with status 1 when a check failed.
 */
public final class CrashHarness {

    private static final Logger LOG = LoggerFactory.getLogger(CrashHarness.class);
    /** Maximum time a child may take to start and write its first line before the harness gives up. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How a harness run goes.
     *
     * @param kills how many times to kill a child
     * @param seed seeds every random choice of the harness and its children
     * @param work an empty or new folder for the projects, acknowledgement files and report
         * @param maxDelayMs maximum wait between a child's first line and its kill. A child spends about
     *     two seconds opening the project and the engine, so the delays spread the kills over
     *     opening and work.
     * @param killsPerSeries kills on one project before the next series starts a new one
     */
    public record Config(int kills, long seed, Path work, int maxDelayMs, int killsPerSeries) {
    }

    /**
     * What a harness run found.
     *
     * @param kills children killed with SIGKILL
     * @param runs children started (every run ends in a kill unless the child failed on its own)
     * @param series projects created
     * @param acknowledged commits acknowledged by the children, by kind
     * @param killedDuring what each kill interrupted, by step (a {@code begin} without its
     *     acknowledgement), or {@code between steps}
     * @param orphanWeightFiles the most unregistered version folders seen in one project (not a failure)
     * @param temporaryFiles the most leftover staging folders seen in one project (not a failure)
     * @param failures every violated invariant, with its series and run
     */
    public record Report(int kills, int runs, int series, Map<String, Integer> acknowledged,
            Map<String, Integer> killedDuring, int orphanWeightFiles, int temporaryFiles, List<String> failures) {

        /** Formats the report as the lines of {@code report.txt}. */
        public String format() {
            StringBuilder text = new StringBuilder();
            text.append("kills: ").append(kills).append('\n');
            text.append("runs: ").append(runs).append('\n');
            text.append("projects: ").append(series).append('\n');
            text.append("acknowledged commits: ").append(acknowledged).append('\n');
            text.append("kills landed during: ").append(killedDuring).append('\n');
            text.append("unregistered version folders (max per project): ").append(orphanWeightFiles).append('\n');
            text.append("leftover staging folders (max per project): ").append(temporaryFiles).append('\n');
            text.append("failures: ").append(failures.size()).append('\n');
            failures.forEach(failure -> text.append("  ").append(failure).append('\n'));
            return text.toString();
        }
    }

    private final Config config;
    private final Random random;

    public CrashHarness(Config config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    public static void main(String[] args) throws Exception {
        Djl.configureOffline();
        int kills = 50;
        long seed = 1;
        Path work = Path.of("target", "crash-harness");
        int maxDelayMs = 5000;
        int killsPerSeries = 10;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--kills" -> kills = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--work" -> work = Path.of(value);
                case "--max-delay-ms" -> maxDelayMs = Integer.parseInt(value);
                case "--kills-per-series" -> killsPerSeries = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --kills, --seed, --work, --max-delay-ms or --kills-per-series");
            }
        }
        Report report = new CrashHarness(new Config(kills, seed, work, maxDelayMs, killsPerSeries)).run();
        Files.writeString(work.resolve("report.txt"), report.format(), StandardCharsets.UTF_8);
        LOG.info("Crash harness done; report in {}:\n{}", work.resolve("report.txt"), report.format());
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    /** Runs every series and returns the counts and failures. */
    public Report run() throws IOException, InterruptedException, SQLException {
        Files.createDirectories(config.work());
        Path nativeLibraries = Files.createDirectories(config.work().resolve("native"));
        Path inputs = config.work().resolve("inputs");
        if (!Files.exists(inputs)) {
            EngineJobs.writeInputs(inputs);
        }
        Map<String, Integer> killedDuring = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int kills = 0;
        int runs = 0;
        int series = 0;
        int maxOrphans = 0;
        int maxTemporary = 0;
        List<AckLog.Entry> allAcks = new ArrayList<>();

        // A child that keeps failing on its own would otherwise never be killed often enough.
        while (kills < config.kills() && runs < 2 * config.kills()) {
            Path seriesDir = Files.createDirectories(config.work().resolve("series-" + series));
            Path project = seriesDir.resolve("project");
            Path ackFile = seriesDir.resolve("acks.log");
            Path sources = Files.createDirectories(seriesDir.resolve("sources"));
            for (int run = 0; run < config.killsPerSeries() && kills < config.kills() && runs < 2 * config.kills();
                    run++) {
                runs++;
                String label = "series " + series + " run " + run;
                long linesBefore = AckLog.read(ackFile).size();
                Process child = startChild(project, ackFile, sources, inputs, nativeLibraries,
                        seriesDir.resolve("child.log"));
                if (!awaitFirstLine(child, ackFile, linesBefore)) {
                    failures.add(label + ": the child ended or hung before its first line: "
                            + tail(seriesDir.resolve("child.log")));
                    child.destroyForcibly().waitFor();
                    continue;
                }
                // The first run of a series creates the project, which takes a few hundred milliseconds,
                // then imports the scenes and extracts their features.
                int window = run == 0 ? 3000 : config.maxDelayMs();
                Thread.sleep(random.nextInt(window + 1));
                if (!child.isAlive()) {
                    failures.add(label + ": the child ended on its own with status " + child.exitValue() + ": "
                            + tail(seriesDir.resolve("child.log")));
                    continue;
                }
                child.destroyForcibly();
                child.waitFor();
                kills++;

                List<AckLog.Entry> acks = AckLog.read(ackFile);
                killedDuring.merge(interruptedStep(acks), 1, Integer::sum);
                StoreInvariants.Result result = StoreInvariants.check(project, acks);
                result.problems().forEach(problem -> failures.add(label + ": " + problem));
                maxOrphans = Math.max(maxOrphans, result.orphanWeightFiles());
                maxTemporary = Math.max(maxTemporary, result.temporaryFiles());
                if (!result.problems().isEmpty()) {
                    LOG.warn("{}: {} failed checks, first: {}", label, result.problems().size(),
                            result.problems().get(0));
                }
            }
            allAcks.addAll(AckLog.read(ackFile));
            series++;
        }

        Map<String, Integer> acknowledged = new TreeMap<>();
        for (AckLog.Entry entry : allAcks) {
            if (!List.of("begin", "opening", "opened", "creating", "declined").contains(entry.kind())) {
                acknowledged.merge(entry.kind(), 1, Integer::sum);
            }
        }
        return new Report(kills, runs, series, acknowledged, killedDuring, maxOrphans, maxTemporary, failures);
    }

    private Process startChild(Path project, Path ackFile, Path sources, Path inputs, Path nativeLibraries,
            Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dai.djl.offline=true", "-Dregiontag.log.level=WARN", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1",
                // sqlite-jdbc unpacks its native library per process; a killed process cannot delete its copy.
                "-Dorg.sqlite.tmpdir=" + nativeLibraries.toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), CrashWorkload.class.getName(),
                project.toString(), ackFile.toString(), sources.toString(), inputs.toString(),
                Long.toString(random.nextLong()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder.start();
    }

    /** Waits until the child appended a line to the acknowledgement file; false when it ended or timed out first. */
    private static boolean awaitFirstLine(Process child, Path ackFile, long linesBefore)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (AckLog.read(ackFile).size() > linesBefore) {
                return true;
            }
            if (child.waitFor(5, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return false;
    }

    /** The last lines of a child's log, for a failure message. */
    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    }

    /** The step the kill interrupted: the last {@code begin} (or creation, or opening) without its result. */
    private static String interruptedStep(List<AckLog.Entry> acks) {
        if (acks.isEmpty()) {
            return "start";
        }
        AckLog.Entry last = acks.get(acks.size() - 1);
        return switch (last.kind()) {
            case "begin" -> last.field(0);
            case "creating" -> "project creation";
            case "opening" -> "project opening";
            default -> "between steps";
        };
    }
}
