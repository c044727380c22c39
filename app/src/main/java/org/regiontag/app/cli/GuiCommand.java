package org.regiontag.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.app.gui.GuiLauncher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag gui [DIR]}: opens the desktop application, with a project folder or its
 * {@code project.sqlite} file (what a file manager passes) when given. Returns when the window closes.
 */
@Command(name = "gui", resourceBundle = "org.regiontag.app.cli.GuiCommand", mixinStandardHelpOptions = true)
public final class GuiCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", descriptionKey = "dir")
    Path project;

    @Override
    public Integer call() throws Exception {
        GuiLauncher.launch(project == null ? null : project.toAbsolutePath().normalize());
        return RegionTagCommand.EXIT_OK;
    }
}
