package org.regiontag.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.edit.Cell;
import org.regiontag.db.edit.LabelEditor;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.db.repo.Label;
import org.regiontag.db.repo.LabelRepository;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regiontag review DIR (--accept|--reject) --image PATH --category NAME}: decides the pending
 * suggestion of one cell. Accept writes the proposed state, reject the opposite one.
 */
@Command(name = "review", resourceBundle = "org.regiontag.app.cli.ReviewCommand", mixinStandardHelpOptions = true)
public final class ReviewCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.ReviewCommand",
            ReviewCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Decision decision;

    @Option(names = "--image", required = true, paramLabel = "PATH", descriptionKey = "image")
    String image;

    @Option(names = "--category", required = true, paramLabel = "NAME", descriptionKey = "category")
    String category;

    /** Exactly one of accept or reject. */
    static final class Decision {
        @Option(names = "--accept", required = true, descriptionKey = "accept")
        boolean accept;

        @Option(names = "--reject", required = true, descriptionKey = "reject")
        boolean reject;
    }

    @Override
    public Integer call() {
        try (Project project = Project.open(folder)) {
            LabelEditor editor = new LabelEditor(project.database());
            Cell cell = editor.findCell(image, category);
            if (decision.accept) {
                editor.acceptSuggestion(cell.imageId(), cell.categoryId(), CommandSupport.actor());
            } else {
                editor.rejectSuggestion(cell.imageId(), cell.categoryId(), CommandSupport.actor());
            }
            Label label = project.database().read(connection -> new LabelRepository(connection)
                    .findLabel(cell.imageId(), cell.categoryId()).orElseThrow());
            spec.commandLine().getOut().println(MESSAGES.format(decision.accept ? "accepted" : "rejected",
                    cell.categoryName(), cell.imagePath(), label.state().storeName()));
        }
        return RegionTagCommand.EXIT_OK;
    }
}
