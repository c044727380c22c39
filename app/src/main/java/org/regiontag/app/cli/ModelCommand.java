package org.regiontag.app.cli;

import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code regiontag model}: lists, downloads, imports and checks CLIP checkpoints. */
@Command(name = "model",
        resourceBundle = "org.regiontag.app.cli.ModelCommand",
        mixinStandardHelpOptions = true,
        subcommands = {
            ModelListCommand.class,
            ModelGetCommand.class,
            ModelImportCommand.class,
            ModelEmbedCommand.class,
        })
public final class ModelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Environment variables, read through this lookup so that tests can supply their own. */
    Function<String, String> environment = System::getenv;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
