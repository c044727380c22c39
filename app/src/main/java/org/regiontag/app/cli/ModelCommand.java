package org.regiontag.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code regiontag model}: the commands that manage and check CLIP checkpoints. */
@Command(name = "model",
        resourceBundle = "org.regiontag.app.cli.ModelCommand",
        mixinStandardHelpOptions = true,
        subcommands = {
            ModelEmbedCommand.class,
        })
public final class ModelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
