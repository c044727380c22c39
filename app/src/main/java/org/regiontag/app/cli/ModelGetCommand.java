package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.UserInputException;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.job.CancellationToken;
import org.regiontag.engine.models.DownloadResult;
import org.regiontag.engine.models.HubDownloader;
import org.regiontag.engine.models.HubSettings;
import org.regiontag.engine.models.KnownModel;
import org.regiontag.engine.models.KnownModels;
import org.regiontag.engine.models.ModelCache;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code regiontag model get NAME [--endpoint URL]}: downloads a known checkpoint into the
 * model cache, with progress on standard error and one summary line on standard output.
 */
@Command(name = "get", resourceBundle = "org.regiontag.app.cli.ModelGetCommand", mixinStandardHelpOptions = true)
public final class ModelGetCommand implements Callable<Integer> {

    private static final MessageBundle TEXT = new MessageBundle("org.regiontag.app.cli.ModelGetCommand",
            ModelGetCommand.class);

    @CommandLine.ParentCommand
    ModelCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "NAME", descriptionKey = "name")
    String name;

    @CommandLine.Option(names = "--endpoint", paramLabel = "URL", descriptionKey = "endpoint")
    String endpoint;

    /** Whether standard error is a terminal; {@code null} until detected (tests set it). */
    Boolean stderrIsTerminal;

    @Override
    public Integer call() throws Exception {
        KnownModel model = KnownModels.find(name).orElseThrow(() ->
                new UserInputException(TEXT.format("error.unknown", name, KnownModels.names())));
        HubSettings settings = HubSettings.fromEnvironment(parent.environment, endpoint);
        ModelCache cache = ModelCache.fromEnvironment(parent.environment);
        Path folder = cache.modelFolder(model.name());

        boolean terminal = stderrIsTerminal != null ? stderrIsTerminal : Terminals.isStandardErrorTerminal();
        PrintWriter err = spec.commandLine().getErr();
        err.println(TEXT.format("progress.start", model.name(), model.repo(), model.revision(), settings.endpoint(),
                folder));
        DownloadProgressPrinter progress = new DownloadProgressPrinter(err, terminal);
        DownloadResult result = new HubDownloader(settings).download(model, folder, progress, new CancellationToken());

        PrintWriter out = spec.commandLine().getOut();
        out.println(TEXT.format("result", model.name(), result.folder(), result.filesDownloaded(),
                ByteSizes.format(result.bytesDownloaded()), result.filesPresent(),
                result.commit().map(commit -> commit.substring(0, Math.min(12, commit.length()))).orElse("-")));
        out.flush();
        return RegionTagCommand.EXIT_OK;
    }
}
