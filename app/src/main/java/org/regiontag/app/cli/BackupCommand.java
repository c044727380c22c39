package org.regiontag.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.backup.BackupService;
import org.regiontag.db.i18n.MessageBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag backup DIR --out FILE}: copies the project into one backup file with SQLite's
 * online backup, so the project may stay open in the application meanwhile.
 */
@Command(name = "backup", resourceBundle = "org.regiontag.app.cli.BackupCommand", mixinStandardHelpOptions = true)
public final class BackupCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.BackupCommand",
            BackupCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--out", paramLabel = "FILE", required = true, descriptionKey = "out")
    Path out;

    @Override
    public Integer call() {
        BackupService.BackupResult result = new BackupService().backup(folder, out);
        spec.commandLine().getOut().println(MESSAGES.format("done", folder.toAbsolutePath().normalize(),
                result.file(), ByteSizes.format(result.bytes()), result.modelVersions()));
        if (result.missingModelFolders() > 0) {
            spec.commandLine().getOut().println(MESSAGES.format("missingModels", result.missingModelFolders()));
        }
        return RegionTagCommand.EXIT_OK;
    }
}
