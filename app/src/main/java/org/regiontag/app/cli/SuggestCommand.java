package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.Project;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.pipeline.Suggest;
import org.regiontag.engine.pipeline.SuggestResult;
import org.regiontag.engine.pipeline.SuggestionPlanner;
import org.regiontag.engine.project.Backbone;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code regiontag suggest DIR}: regenerates the suggestions with the newest model version. */
@Command(name = "suggest", resourceBundle = "org.regiontag.app.cli.SuggestCommand", mixinStandardHelpOptions = true)
public final class SuggestCommand implements Callable<Integer> {

    private static final MessageBundle MESSAGES = new MessageBundle("org.regiontag.app.cli.SuggestCommand",
            SuggestCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", descriptionKey = "dir")
    Path folder;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JobProgressPrinter progress = JobProgressPrinter.on(spec.commandLine().getErr());
        try (Project project = Project.open(folder); Backbone backbone = PipelineSupport.openBackbone(project)) {
            SuggestResult result = PipelineSupport.run(new Suggest(project, backbone), progress);
            out.println(result.zeroShot()
                    ? MESSAGES.format(result.createdVersion() ? "zeroShotNew" : "zeroShot", result.modelVersionId())
                    : MESSAGES.format("trained", result.modelVersionId(), result.round()));
            SuggestionPlanner.Counts counts = result.counts();
            out.println(MESSAGES.format("counts", result.stored(), counts.positive(), counts.negative(), counts.none(),
                    counts.possibleErrors(), result.imagesScored()));
            if (result.imagesWithoutFeatures() > 0) {
                out.println(MESSAGES.format("withoutFeatures", result.imagesWithoutFeatures()));
            }
        }
        out.flush();
        return RegionTagCommand.EXIT_OK;
    }
}
