package org.regiontag.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.i18n.MessageBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code regiontag init DIR [--name NAME]}: creates a project folder. */
@Command(name = "init", resourceBundle = "org.regiontag.app.cli.InitCommand", mixinStandardHelpOptions = true)
public final class InitCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.InitCommand",
            InitCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Option(names = "--name", paramLabel = "NAME", descriptionKey = "name")
    String name;

    @Override
    public Integer call() {
        try (Project project = Project.create(folder, name)) {
            spec.commandLine().getOut().println(MESSAGES.format("created", project.name(), project.folder()));
        }
        return RegionTagCommand.EXIT_OK;
    }
}
