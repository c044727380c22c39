package org.regiontag.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code regiontag demo}: the embedded demo. This branch holds only its {@code pretrain}
 * sub-command; the demo project itself comes from the demo branch.
 */
@Command(name = "demo",
        resourceBundle = "org.regiontag.app.cli.DemoCommand",
        mixinStandardHelpOptions = true,
        subcommands = {DemoPretrainCommand.class})
public final class DemoCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
