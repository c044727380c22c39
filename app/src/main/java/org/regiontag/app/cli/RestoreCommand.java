package org.regiontag.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.backup.BackupService;
import org.regiontag.db.i18n.MessageBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code regiontag restore FILE --to DIR}: unpacks a backup into a new or empty project folder. */
@Command(name = "restore", resourceBundle = "org.regiontag.app.cli.RestoreCommand", mixinStandardHelpOptions = true)
public final class RestoreCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.RestoreCommand",
            RestoreCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", descriptionKey = "file")
    Path file;

    @Option(names = "--to", paramLabel = "DIR", required = true, descriptionKey = "to")
    Path target;

    @Override
    public Integer call() {
        BackupService.RestoreResult result = new BackupService().restore(file, target);
        spec.commandLine().getOut().println(MESSAGES.format("done", result.projectName(), result.createdAt(),
                result.folder(), result.modelVersions()));
        return RegionTagCommand.EXIT_OK;
    }
}
