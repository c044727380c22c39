package org.regiontag.app.cli;

import ai.djl.Device;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.Djl;
import org.regiontag.engine.EngineDiagnostics;
import org.regiontag.engine.EngineDiagnostics.EngineStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code regiontag doctor}: reports the Java runtime, the operating system, whether DJL is kept
 * offline, the PyTorch engine with the device it computes on, and where the native libraries come
 * from, and checks that each of them loads and works.
 */
@Command(name = "doctor",
        resourceBundle = "org.regiontag.app.cli.DoctorCommand",
        sortOptions = false)
public final class DoctorCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DoctorCommand.class);
    private static final MessageBundle TEXT = new MessageBundle("org.regiontag.app.cli.DoctorCommand",
            DoctorCommand.class);
    private static final String SQLITE_LIBRARY_PATH = "org.sqlite.lib.path";

    @Spec
    CommandSpec spec;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu")
    String device;

    @Option(names = {"-h", "--help"}, usageHelp = true)
    boolean helpRequested;

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> failedChecks = new ArrayList<>();

    @Override
    public Integer call() {
        addRow("label.regiontag", RegionTagCommand.version());
        addRow("label.java", TEXT.format("value.java", System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("java.home")));
        addRow("label.os", TEXT.format("value.os", System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors()));
        addRow("label.offline", TEXT.format(Djl.isOfflineConfigured() ? "value.offline.on" : "value.offline.off"));

        reportEngine();
        reportTokenizers();
        reportSqlite();
        reportDjlCache();

        printRows(spec.commandLine().getOut());
        if (!failedChecks.isEmpty()) {
            throw new IllegalStateException(TEXT.format("error.checksFailed", String.join(", ", failedChecks)));
        }
        return RegionTagCommand.EXIT_OK;
    }

    private void reportEngine() {
        EngineStatus status;
        try {
            status = EngineDiagnostics.engineStatus();
        } catch (RuntimeException | LinkageError e) {
            addFailure("label.engine", e);
            return;
        }
        addRow("label.engine", TEXT.format("value.engine", status.engineName(), status.engineVersion(),
                status.djlVersion()));
        addRow("label.engineLibrary", status.nativeLibraryFolder().toString());

        // An invalid --device value is the user's error (exit 1), not a failed check.
        Device chosen = Djl.device(device);
        String deviceName = deviceName(chosen);
        if (status.gpuCount() == 0) {
            addRow("label.device", TEXT.format("value.device.cpuOnly", deviceName));
        } else {
            addRow("label.device", TEXT.format("value.device.withGpu", deviceName, status.gpuCount(),
                    status.cudaVersion()));
        }

        try {
            Duration elapsed = EngineDiagnostics.checkComputation(chosen);
            addRow("label.engineCheck", TEXT.format("value.engineCheck", deviceName, elapsed.toMillis()));
        } catch (RuntimeException | LinkageError e) {
            addFailure("label.engineCheck", e);
        }
    }

    private void reportTokenizers() {
        try {
            Path folder = EngineDiagnostics.loadTokenizersLibrary();
            addRow("label.tokenizers", folder.toString());
        } catch (RuntimeException | LinkageError e) {
            addFailure("label.tokenizers", e);
        }
    }

    private void reportSqlite() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT sqlite_version()")) {
            result.next();
            String libraryPath = System.getProperty(SQLITE_LIBRARY_PATH);
            String source = libraryPath != null
                    ? TEXT.format("value.sqlite.configured", libraryPath)
                    : TEXT.format("value.sqlite.unpacked", System.getProperty("java.io.tmpdir"));
            addRow("label.sqlite", TEXT.format("value.sqlite", result.getString(1), source));
        } catch (SQLException | RuntimeException | LinkageError e) {
            addFailure("label.sqlite", e);
        }
    }

    // TODO: also report the model cache folder once `regiontag model get` defines where it keeps models.
    private void reportDjlCache() {
        Path cache = EngineDiagnostics.djlCacheFolder();
        String state = Files.isDirectory(cache) ? "value.djlCache.exists" : "value.djlCache.absent";
        addRow("label.djlCache", TEXT.format(state, cache));
    }

    private void addRow(String labelKey, String value) {
        rows.add(new String[] {TEXT.format(labelKey), value});
    }

    private void addFailure(String labelKey, Throwable error) {
        String label = TEXT.format(labelKey);
        LOG.warn("doctor: {} check failed", label, error);
        failedChecks.add(label);
        addRow(labelKey, TEXT.format("value.failed", describe(error)));
    }

    /** Names a device as users read it: {@code cpu} or {@code gpu 0}. */
    private static String deviceName(Device device) {
        return Device.Type.CPU.equals(device.getDeviceType())
                ? Device.Type.CPU
                : device.getDeviceType() + " " + device.getDeviceId();
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(error.getMessage());
        return root == error ? message : message + ": " + root.getMessage();
    }

    private static String padded(String label, int width) {
        return label + " ".repeat(Math.max(0, width - label.length()));
    }

    private void printRows(PrintWriter out) {
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0) + 2;
        for (String[] row : rows) {
            out.println(padded(row[0] + ":", width) + row[1]);
        }
        out.flush();
    }
}
