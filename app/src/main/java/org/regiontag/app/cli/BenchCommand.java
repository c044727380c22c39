package org.regiontag.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code regiontag bench}: benchmarks of the method on a project with complete labels. */
@Command(name = "bench",
        resourceBundle = "org.regiontag.app.cli.BenchCommand",
        mixinStandardHelpOptions = true,
        subcommands = {
            BenchAblationCommand.class,
            BenchAnnotatorCommand.class,
        })
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
