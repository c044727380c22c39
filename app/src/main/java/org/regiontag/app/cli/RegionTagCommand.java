package org.regiontag.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.regiontag.db.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code regiontag} command and its sub-commands.
 *
 * <p>Exit status: 0 on success, 1 on a user error (one line on standard error naming the input and
 * the fix), 2 on an internal error (a short line on standard error, the stack trace in the log).
 */
@Command(name = "regiontag",
        resourceBundle = "org.regiontag.app.cli.messages",
        mixinStandardHelpOptions = true,
        versionProvider = RegionTagCommand.VersionProvider.class,
        subcommands = {
            CommandLine.HelpCommand.class,
            InitCommand.class,
            ImportCommand.class,
            StatsCommand.class,
            ExportCommand.class,
            ReviewCommand.class,
            UndoCommand.class,
            RedoCommand.class,
            ModelCommand.class,
            ExtractCommand.class,
            TrainCommand.class,
            SuggestCommand.class,
            HeatmapCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            DoctorCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            GuiCommand.class,
        })
public final class RegionTagCommand implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_USER_ERROR = 1;
    public static final int EXIT_INTERNAL_ERROR = 2;

    private static final Logger LOG = LoggerFactory.getLogger(RegionTagCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line with the process's standard streams and returns the exit status. */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    /** Builds the configured command line, so tests can run it with their own output streams. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new RegionTagCommand());
        commandLine.setExitCodeExceptionMapper(RegionTagCommand::exitCodeOf);
        commandLine.setParameterExceptionHandler(RegionTagCommand::handleParameterException);
        commandLine.setExecutionExceptionHandler(RegionTagCommand::handleExecutionException);
        return commandLine;
    }

    private static int exitCodeOf(Throwable error) {
        return error instanceof UserInputException ? EXIT_USER_ERROR : EXIT_INTERNAL_ERROR;
    }

    private static int handleParameterException(CommandLine.ParameterException error, String[] args) {
        PrintWriter err = error.getCommandLine().getErr();
        err.println("regiontag: " + error.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
        err.println(CliMessages.format("cli.seeHelp", error.getCommandLine().getCommandSpec().qualifiedName()));
        return EXIT_USER_ERROR;
    }

    private static int handleExecutionException(Exception error, CommandLine commandLine,
            CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (error instanceof UserInputException) {
            err.println("regiontag: " + error.getMessage());
            return EXIT_USER_ERROR;
        }
        LOG.error("{} failed", commandLine.getCommandSpec().qualifiedName(), error);
        err.println(CliMessages.format("cli.internalError", String.valueOf(error.getMessage())));
        return EXIT_INTERNAL_ERROR;
    }

    /** Reads the version that Maven writes into {@code version.properties} at build time. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"regiontag " + version()};
        }
    }

    /** The product version, such as {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = RegionTagCommand.class.getResourceAsStream("/org/regiontag/app/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
