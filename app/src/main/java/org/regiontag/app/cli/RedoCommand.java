package org.regiontag.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.UserInputException;
import org.regiontag.db.edit.EditResult;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.i18n.MessageBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code regiontag redo DIR}: re-applies the edit undone most recently. */
@Command(name = "redo", resourceBundle = "org.regiontag.app.cli.RedoCommand", mixinStandardHelpOptions = true)
public final class RedoCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.RedoCommand",
            RedoCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Override
    public Integer call() {
        try (Project project = Project.open(folder)) {
            EditResult result = new LabelEditor(project.database()).redo(CommandSupport.actor())
                    .orElseThrow(() -> new UserInputException(MESSAGES.format("nothing", project.folder())));
            spec.commandLine().getOut().println(MESSAGES.format("done", result.description(), result.changed(),
                    result.skipped()));
        }
        return RegionTagCommand.EXIT_OK;
    }
}
